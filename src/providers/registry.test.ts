import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBE_IDS } from '../core/verdict.js';
import { notApplicable } from '../probes/types.js';
import { testHttpClient } from '../testing/http.js';
import { PROVIDERS } from './index.js';
import { PROBE_QUESTIONS, type ForgeApi } from './types.js';

// Every registered provider answers every forge-facing probe's question, or says why it cannot.

const FORGES = {
  gitea: { type: 'gitea', url: 'https://git.example.com' },
  forgejo: { type: 'forgejo', url: 'https://git.example.com' },
  github: { type: 'github', url: 'https://github.com' },
  gitlab: { type: 'gitlab', url: 'https://gitlab.example.com' },
  http: { type: 'http', url: 'https://api.example.com/verify', verify: { header: 'Authorization: Bearer {token}', identity: 'id' } },
} as const;

/** Probe ids whose question the provider neither answers nor declines with a reason. */
function unanswered(api: ForgeApi): string[] {
  return PROBE_IDS.filter((id) => {
    const q = PROBE_QUESTIONS[id];
    if (!q) return false;
    const reason = api.unsupported(id);
    return typeof api[q] !== 'function' && !(typeof reason === 'string' && reason.length > 0);
  });
}

describe('provider registry', () => {
  for (const [type, provider] of Object.entries(PROVIDERS)) {
    it(`${type}: answers every probe's question or says why not`, () => {
      const api = provider.create(FORGES[type as keyof typeof FORGES], testHttpClient());
      expect(api.forge.type).toBe(type);
      expect(unanswered(api)).toEqual([]);
    });
  }
  it('every provider has its test beside it and a docs/providers page', () => {
    const pages: Record<string, string> = { gitea: 'gitea', forgejo: 'gitea', github: 'github', gitlab: 'gitlab', http: 'http-verify' };
    for (const type of Object.keys(PROVIDERS)) {
      const page = pages[type];
      expect(page, `${type} has a docs page name`).toBeDefined();
      expect(existsSync(new URL(`../../docs/providers/${page}.md`, import.meta.url)), `docs/providers/${page}.md`).toBe(true);
      expect(existsSync(new URL(`./${page}.test.ts`, import.meta.url)), `src/providers/${page}.test.ts`).toBe(true);
    }
  });
  it('a provider that neither answers nor explains is caught, and the engine skips its probe naming why', () => {
    const silent: ForgeApi = { forge: FORGES.gitea, family: 'Silent', unsupported: () => null };
    expect(unanswered(silent)).toContain('identity');
    expect(notApplicable(silent, 'identity')).toMatch(/cannot answer this probe's question \(identity\)/);
    expect(notApplicable(silent, 'presence')).toBeNull();
  });
  it('the http verify provider declines repository probes with a reason', () => {
    const api = PROVIDERS.http.create(FORGES.http, testHttpClient());
    expect(notApplicable(api, 'repo-access')).toMatch(/no repositories/);
    expect(notApplicable(api, 'identity')).toBeNull();
    expect(notApplicable(api, 'presence')).toBeNull();
  });
});
