import { describe, expect, it } from 'vitest';
import { looksLikeToken } from './token-shape.js';

describe('looksLikeToken', () => {
  it.each(['ghp_abc123', 'github_pat_11AAA', 'ghs_x', 'glpat-xyz', '0123456789abcdef0123456789abcdef01234567'])('%s is token-shaped', (text) => {
    expect(looksLikeToken(text)).toBe(true);
  });
  it.each(['GHP_DEPLOY_TOKEN', 'AUTO_SYNC_TOKEN', 'deadbeef', 'read:user', 'repo', '0123456789ABCDEF0123456789ABCDEF01234567'])('%s is not', (text) => {
    expect(looksLikeToken(text)).toBe(false);
  });
});
