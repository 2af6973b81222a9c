import { describe, expect, it } from 'vitest';
import { pingId, slugKey } from './ping-ids.js';

describe('ping ids', () => {
  it('are UUID-shaped, stable for a key and consumer, and differ across keys and consumers', () => {
    const id = pingId('key-one-0123456789', 'backup');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pingId('key-one-0123456789', 'backup')).toBe(id);
    expect(pingId('key-two-0123456789', 'backup')).not.toBe(id);
    expect(pingId('key-one-0123456789', 'backup2')).not.toBe(id);
  });
  it('never contain the key; the slug key is URL-safe and per key', () => {
    const key = 'ping-key-abcdef0123456789';
    expect(pingId(key, 'x')).not.toContain(key.slice(0, 8));
    expect(slugKey(key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(slugKey(key)).not.toBe(slugKey(`${key}!`));
  });
});
