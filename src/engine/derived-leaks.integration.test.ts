// Issue 9 items 6–9 through the built CLI: a front that echoes the Basic header git sends, values an
// HTTP header cannot carry, a failing `command` source with another secret on its stderr, and a secret
// too short to show. Each planted value is absent, in every derived form, from stdout, stderr (with
// debug logs), the --output and --junit files and the step summary, in every format.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';
import { startEchoFront, type EchoFront } from '../testing/echo-front.js';

const LOGIN = 'echo-bot';
const OTHER_SECRET = 'OTHER_SECRET_9f8e7d6c5b4a';
const SHORT = 'Zq9x';
let sim: ForgeSim;
let front: EchoFront;
let dir: string;
let config: string;
let echoed: string;
let padded: string;
let broken: string;
let env: Record<string, string>;

/** Every form a secret could leak in: raw, trimmed, URL-encoded, base64, and base64 of each Basic pair. */
function forms(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const out = new Set<string>();
  for (const v of [secret, secret.trim()]) {
    out.add(v).add(encodeURIComponent(v)).add(b64(v));
    for (const user of [LOGIN, 'x-access-token', 'oauth2']) out.add(b64(`${user}:${v}`));
  }
  return [...out];
}

function expectClean(text: string, where: string): void {
  for (const [i, secret] of [echoed, padded, broken, OTHER_SECRET].entries()) {
    forms(secret).forEach((form, f) => expect(text.includes(form), `${where} contains form ${f} of planted secret ${i}`).toBe(false));
  }
  expect(text.includes(SHORT), `${where} contains the short secret`).toBe(false);
  // Nor a cut-off part of one (a line shortened before scrubbing would show most of a token).
  for (let i = 0; i + 12 <= echoed.length; i++) expect(text.includes(echoed.slice(i, i + 12)), `${where} contains part of a token`).toBe(false);
}

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: LOGIN });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.setCollaborator('acme/core', LOGIN, 'write');
  echoed = sim.addToken(LOGIN, { scopes: ['read:user', 'write:repository'] });
  const valid = sim.addToken(LOGIN, { scopes: ['read:user'] });
  front = await startEchoFront(sim.url);
  dir = await mkdtemp(join(tmpdir(), 'credcanary-derived-'));
  config = join(dir, 'credcanary.yaml');
  const cred = (name: string, source: string, extra = '') =>
    `  ${name}:\n    forge: f\n    source: ${source}\n    persona: ${LOGIN}\n    scopes: [read:user]\n${extra}`;
  await writeFile(
    config,
    `version: 1\nforges: { f: { type: gitea, url: "${front.url}" } }\npersonas: { ${LOGIN}: { kind: bot } }\ncredentials:\n` +
      cred('ECHOED', '{ env: ECHOED }', '    repos: [{ repo: acme/core, access: push }]\n') +
      cred('PADDED', '{ env: PADDED }') +
      cred('BROKEN', '{ env: BROKEN }') +
      cred('SHORT', '{ env: SHORT }') +
      cred('FROM_VAULT', `{ command: ["${process.execPath}", "-e", "process.stderr.write('vault sealed ${OTHER_SECRET}'); process.exit(4)"] }`),
  );
  padded = `  ${valid}\t`;
  broken = `${valid.slice(0, 20)}\n${valid.slice(20)}`;
  env = { ECHOED: echoed, PADDED: padded, BROKEN: broken, SHORT };
});
afterAll(async () => {
  await front.stop();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('derived forms, malformed values, failing commands and short secrets never leak', () => {
  it.each(['table', 'json', 'junit', 'markdown', 'github', 'plain'])('--format %s', async (format) => {
    const summary = join(dir, `summary-${format}.md`);
    const output = join(dir, `report.${format}`);
    const junit = join(dir, `report-${format}.xml`);
    const r = await runCli(['check', '--config', config, '--format', format, '--log-level', 'debug', '--output', output, '--junit', junit], {
      ...env,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"msg":"forge request"');
    expectClean(r.stdout, 'stdout');
    expectClean(r.stderr, 'stderr');
    const report = await readFile(output, 'utf8');
    expectClean(report, 'report file');
    expectClean(await readFile(junit, 'utf8'), 'junit file');
    if (format === 'github') expectClean(await readFile(summary, 'utf8'), 'step summary');
    // The scenario really happened: the front's echo reached the report, scrubbed.
    expect(report).toMatch(/remote error: denied: you sent Basic \\?\[REDACTED/);
  });

  it('the verdicts say what is wrong: malformed values are a presence failure (never unreachable), a failing command reports bytes, not text', async () => {
    const r = await runCli(['check', '--config', config, '--format', 'json'], env);
    const doc = JSON.parse(r.stdout) as { credentials: Array<{ name: string; last8: string | null; probes: Array<{ id: string; status: string; class: string | null; summary: string; remedy: string | null }> }> };
    const presence = (name: string) => doc.credentials.find((c) => c.name === name)!.probes.find((p) => p.id === 'presence')!;
    expect(presence('PADDED')).toMatchObject({ status: 'fail', class: 'malformed-secret' });
    expect(presence('PADDED').summary).toContain('environment variable PADDED cannot be sent as a token: it has leading or trailing whitespace');
    expect(presence('BROKEN')).toMatchObject({ status: 'fail', class: 'malformed-secret' });
    expect(presence('BROKEN').summary).toContain('it contains a line break');
    for (const name of ['PADDED', 'BROKEN']) expect(doc.credentials.find((c) => c.name === name)!.probes.some((p) => p.class === 'unreachable')).toBe(false);
    expect(presence('FROM_VAULT')).toMatchObject({ status: 'inconclusive', class: 'source-error' });
    expect(presence('FROM_VAULT').summary).toMatch(/exited with code 4 and wrote 38 bytes to stderr \(not shown: it may hold other secrets\)/);
    expect(presence('FROM_VAULT').remedy).toContain('by hand');
    expect(doc.credentials.find((c) => c.name === 'SHORT')!.last8).toBe('');
    expect(doc.credentials.find((c) => c.name === 'ECHOED')!.last8).toBe(echoed.slice(-8));
  });

  it('the table shows `…` alone for a secret under 32 characters', async () => {
    const r = await runCli(['check', '--config', config, '--format', 'table', '--only', 'SHORT'], env);
    expect(r.stdout).toMatch(/SHORT · persona echo-bot · forge f · token …\n/);
  });
});
