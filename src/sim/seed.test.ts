import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { startForgeSim } from './index.js';
import { applySeed, parseSeed } from './seed.js';
import { serveMain } from './serve.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEED = `{
  "options": { "version": "1.24.0" },
  "users": [{ "login": "bot", "password": "pw" }],
  "orgs": [{ "login": "acme", "owners": ["bot"] }],
  "repos": [{ "owner": "acme", "name": "core", "private": true, "branches": ["staging"],
              "collaborators": { "bot": "write" }, "protect": { "main": { "pushWhitelist": ["bot"] } } }],
  "tokens": [{ "login": "bot", "scopes": ["read:user", "write:repository"], "env": "BOT_TOKEN" }]
}
`;

describe('seed files', () => {
  test('errors carry file:line:column and what was expected', () => {
    const bad = SEED.replace('"private": true', '"private": "yes"').replace('"password": "pw"', '"pasword": "pw"');
    let caught: unknown;
    try {
      parseSeed(bad, 'seed.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    {
      const issues = (caught as ConfigError).issues;
      expect(issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}`)).toEqual(
        expect.arrayContaining(['seed.json:3:31 users[0].pasword', 'seed.json:5:59 repos[0].private']),
      );
    }
  });

  test('apply-time problems point at the entry', async () => {
    const loaded = parseSeed(SEED.replace('"owners": ["bot"]', '"owners": ["ghost"]'), 'seed.json');
    const sim = await startForgeSim();
    try {
      expect(() => applySeed(sim, loaded)).toThrow(ConfigError);
      let caught: unknown;
      try {
        applySeed(sim, parseSeed('{"users":[{"login":"x"},{"login":"x"}]}', 's.json'));
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).issues[0]).toMatchObject({ file: 's.json', line: 1, column: 25, path: 'users[1]' });
    } finally {
      await sim.stop();
    }
  });

  test('serve: seeds, prints only the URL, writes tokens to a 0600 file', async () => {
    const seedFile = join(dir, 'seed.json');
    const tokensOut = join(dir, 'tokens.json');
    writeFileSync(seedFile, SEED);
    const printed: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = serveMain([seedFile, '--tokens-out', tokensOut], {
      print: (l) => printed.push(l),
      stopped: () => stopped,
    });
    while (printed.length === 0) await new Promise((r) => setTimeout(r, 10));
    const url = printed[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const tokens = JSON.parse(readFileSync(tokensOut, 'utf8')) as Record<string, string>;
    expect(statSync(tokensOut).mode & 0o777).toBe(0o600);
    const me = await fetch(`${url}/api/v1/user`, { headers: { Authorization: `token ${tokens.BOT_TOKEN}` } });
    expect(((await me.json()) as { login: string }).login).toBe('bot');
    const branch = await fetch(`${url}/api/v1/repos/acme/core/branches/main`, { headers: { Authorization: `token ${tokens.BOT_TOKEN}` } });
    expect(((await branch.json()) as { user_can_push: boolean }).user_can_push).toBe(true);
    // 1.24 options applied: old not-found text.
    expect(((await (await fetch(`${url}/api/v1/repos/acme/core`)).json()) as { message: string }).message).toBe(
      "The target couldn't be found.",
    );
    stop();
    expect(await running).toBe(0);
    expect(printed.join('\n')).not.toContain(tokens.BOT_TOKEN);
  });
});
