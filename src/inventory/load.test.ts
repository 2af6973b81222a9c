import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryIssues } from '../testing/inventory-issues.js';
import { ConfigError, formatConfigIssue } from '../core/errors.js';
import { loadInventory, parseInventory } from './load.js';
import { tempDir } from '../testing/temp.js';

const FILE = '/inv/credcanary.yaml';

const issuesOf = (text: string): string[] => inventoryIssues(text, FILE);

const HEAD = `version: 1
forges:
  core: { type: gitea, url: https://git.example.com }
personas:
  bot1: { kind: bot }
`;

describe('parseInventory accepts', () => {
  it('the DESIGN.md sample, with defaults applied and local paths resolved against its folder', async () => {
    const loaded = await loadInventory(new URL('./fixtures/design-sample.yaml', import.meta.url).pathname);
    const credential = loaded.inventory.credentials['AUTO_SYNC_TOKEN'];
    expect(credential?.source).toEqual({ env: 'AUTO_SYNC_TOKEN' });
    expect(credential?.repos?.[0]).toEqual({ repo: 'acme/core', access: 'push', branches: ['staging'] });
    expect(credential?.files?.[0]?.local).toBe(join(loaded.dir, 'internal/providers/providers.yaml'));
    expect(loaded.file).toBe(join(loaded.dir, 'design-sample.yaml'));
    expect(loaded.inventory.consumers['auto-sync-main-to-staging']?.heartbeat).toEqual({ schedule: '17 */6 * * *', tz: 'UTC', grace: '1h' });
  });

  it('a minimal inventory, filling in every default', () => {
    const { inventory } = parseInventory('version: 1\nforges: {}\n', FILE);
    expect(inventory).toEqual({
      version: 1,
      forges: {},
      personas: {},
      credentials: {},
      consumers: {},
      notify: {},
      settings: { timeoutSeconds: 10, concurrency: 8, retries: 2 },
      serve: {
        listen: '127.0.0.1:8414',
        retention: '90d',
        schedule: { every: '15m' },
        alerts: { failAfter: 2, confirmAfter: '10s', recoverAfter: 1, remindEvery: '24h' },
      },
    });
  });

  it('branches on a pull-only repo, absolute local paths, and every source type', () => {
    const { inventory, dir } = parseInventory(
      `${HEAD}credentials:
  A: { forge: core, persona: bot1, scopes: [], source: { file: tok }, repos: [{ repo: a/b, access: pull, branches: [main] }],
       files: [{ repo: a/b, path: x, local: /abs/x }, { repo: a/b, path: x, ref: v2, local: ../y }] }
  B: { forge: core, persona: bot1, scopes: [], source: { envFile: .env, key: B } }
  C: { forge: core, persona: bot1, scopes: [], source: { command: [pass, show, b] }, probeWrites: true }
`,
      FILE,
    );
    expect(dir).toBe('/inv');
    expect(inventory.credentials['A']?.repos?.[0]?.branches).toEqual(['main']);
    expect(inventory.credentials['A']?.files?.map((f) => f.local)).toEqual(['/abs/x', '/y']);
    expect(inventory.credentials['C']?.source).toEqual({ command: ['pass', 'show', 'b'] });
  });

  it('anchors and aliases', () => {
    const { inventory } = parseInventory(
      `${HEAD}credentials:
  A: &cred { forge: core, persona: bot1, scopes: [read:user], source: { env: A } }
  B: *cred
`,
      FILE,
    );
    expect(inventory.credentials['B']).toEqual(inventory.credentials['A']);
  });
});

describe('parseInventory rejects, pointing at the node to edit', () => {
  it('an empty file, a list, a scalar, and a comment-only file', () => {
    expect(issuesOf('')).toEqual(['1:1: the inventory is empty: expected a mapping with at least "version: 1" and "forges:"']);
    expect(issuesOf('# nothing here\n')).toEqual(['1:1: the inventory is empty: expected a mapping with at least "version: 1" and "forges:"']);
    expect(issuesOf('\n- a\n- b\n')).toEqual(['2:1: the inventory is a list: expected a mapping with at least "version: 1" and "forges:"']);
    expect(issuesOf('hello\n')).toEqual(['1:1: the inventory is a single value: expected a mapping with at least "version: 1" and "forges:"']);
  });

  it('an unsupported version, and a missing one at the top mapping', () => {
    expect(issuesOf('version: 2\nforges: {}\n')).toEqual([
      '1:10: version: unsupported inventory version 2: expected 1 (the only version this credcanary reads)',
    ]);
    expect(issuesOf('forges: {}\n')).toEqual(['1:1: version: missing key "version": expected 1']);
  });

  it('YAML syntax errors, at their position and without quoting the source', () => {
    expect(issuesOf('version: 1\nforges:\n  core: { type: gitea\n')).toEqual([
      '4:1: YAML: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
    expect(issuesOf('version: 1\nforges:\n\tcore: {}\n')).toEqual(['3:1: YAML: Tabs are not allowed as indentation']);
    expect(issuesOf("version: 1\nforges: {}\nx: 'open\n")).toEqual(["4:1: YAML: Missing closing 'quote"]);
    expect(issuesOf('version: 1\n---\nforges: {}\n')).toEqual([
      '2:1: YAML: Source contains multiple documents; please use YAML.parseAllDocuments()',
    ]);
    expect(issuesOf('version: 1\nforges: !custom {}\n')).toEqual(['2:9: YAML: Unresolved tag: !custom']);
    expect(issuesOf('version: 1\nforges: {}\nsettings: *defaults\n')).toEqual([
      '3:11: settings: unknown anchor "*defaults" (an anchor must be defined with &defaults before it is used)',
    ]);
  });

  it('duplicate keys, at the repeat, naming the first', () => {
    expect(issuesOf(`${HEAD}credentials:\n  A: { forge: core, persona: bot1, scopes: [], source: { env: A } }\n  A: { forge: core, persona: bot1, scopes: [], source: { env: B } }\n`)).toEqual([
      '8:3: credentials.A: duplicate key "A" (first at line 7)',
    ]);
    expect(issuesOf('version: 1\nforges: {}\nversion: 1\n')).toEqual(['3:1: version: duplicate key "version" (first at line 1)']);
  });

  it('an unknown key, at the key, with a suggestion', () => {
    expect(issuesOf(`${HEAD}credentials:\n  A:\n    forge: core\n    persona: bot1\n    scope: [read:user]\n    source: { env: A }\n`)).toEqual([
      '8:5: credentials.A.scopes: missing key "scopes": expected a list of strings',
      '10:5: credentials.A.scope: unknown key "scope" (did you mean "scopes"?)',
    ]);
    expect(issuesOf('version: 1\nforges: {}\nfrobnicate: true\n')).toEqual([
      '3:1: frobnicate: unknown key "frobnicate" (allowed here: version, forges, personas, credentials, consumers, notify, settings, scan, serve)',
    ]);
  });

  it('a wrong enum value, at the value, with the choices and a suggestion', () => {
    expect(issuesOf('version: 1\nforges:\n  core:\n    type: gittea\n    url: https://x.example\n')).toEqual([
      '4:11: forges.core.type: expected one of gitea, forgejo, github, gitlab, http, got "gittea" (did you mean "gitea"?)',
    ]);
  });

  it('a wrong type, at the value, in plain words', () => {
    expect(issuesOf(`${HEAD}credentials:\n  A: { forge: core, persona: bot1, scopes: read:user, source: { env: A } }\n`)).toEqual([
      '7:44: credentials.A.scopes: expected a list of strings, got "read:user"',
    ]);
    expect(issuesOf('version: 1\nforges: {}\nsettings:\n  timeoutSeconds: soon\n  concurrency: 1.5\n  retries: -1\n')).toEqual([
      '4:19: settings.timeoutSeconds: expected a number, got "soon"',
      '5:16: settings.concurrency: expected a whole number, got the number 1.5',
      '6:12: settings.retries: expected a number at least 0, got the number -1',
    ]);
  });

  it('an empty value, at its key', () => {
    expect(issuesOf(`${HEAD}credentials:\n  A:\n    forge:\n    persona: bot1\n    scopes: []\n    source: { env: A }\n`)).toEqual([
      '8:5: credentials.A.forge: expected a name of letters, digits, "_", "." or "-", got an empty value',
    ]);
  });

  it('a bad name as a key', () => {
    expect(issuesOf('version: 1\nforges:\n  "my forge": { type: gitea, url: https://x.example }\n')).toEqual([
      '3:3: forges["my forge"]: invalid name "my forge": expected a name of letters, digits, "_", "." or "-"',
    ]);
  });

  it('secret sources: the branch that was meant, or what a source may be', () => {
    const cred = (source: string): string => `${HEAD}credentials:\n  A:\n    forge: core\n    persona: bot1\n    scopes: []\n    source: ${source}\n`;
    expect(issuesOf(cred('{ envFile: .env }'))).toEqual(['11:13: credentials.A.source.key: missing key "key": expected a string']);
    expect(issuesOf(cred('{ evn: A }'))).toEqual([
      '11:15: credentials.A.source.evn: unknown key "evn" (did you mean "env"?); expected a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }',
    ]);
    expect(issuesOf(cred('{ env: A, file: b }'))).toEqual([
      '11:13: credentials.A.source: expected a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }, got a mapping with env, file',
    ]);
    expect(issuesOf(cred('{ command: [] }'))).toEqual(['11:24: credentials.A.source.command: expected a list with at least 1 entry, got an empty list']);
    expect(issuesOf(cred('{ env: "" }'))).toEqual(['11:20: credentials.A.source.env: expected a non-empty string, got an empty string']);
  });

  it('heartbeats and notifiers', () => {
    expect(issuesOf(`version: 1\nforges: {}\nconsumers:\n  c:\n    kind: cron\n    credentials: []\n    heartbeat: { period: 6h }\n`)).toEqual([
      '7:16: consumers.c.heartbeat.grace: missing key "grace": expected a duration such as "90s", "15m", "1h" or "2d"',
    ]);
    expect(issuesOf(`version: 1\nforges: {}\nconsumers:\n  c: { kind: cron, credentials: [], heartbeat: { schedule: "0 * * * *", period: 1h, grace: 5m } }\n`)).toEqual([
      '4:48: consumers.c.heartbeat: expected a heartbeat: { schedule: CRON, tz: ZONE, grace: DURATION } (tz optional) or { period: DURATION, grace: DURATION }, got a mapping with schedule, period, grace',
    ]);
    expect(issuesOf(`version: 1\nforges: {}\nnotify:\n  m: { type: email, to: [ops], smtp: { env: SMTP_URL } }\n`)).toEqual([
      '4:26: notify.m.to[0]: expected an email address, got "ops"',
    ]);
    expect(issuesOf(`version: 1\nforges: {}\nscan:\n  allow:\n    - { rule: x, path: y }\n`)).toEqual([
      '5:7: scan.allow[0].reason: missing key "reason": expected a string',
    ]);
    expect(issuesOf(`version: 1\nforges: {}\nnotify:\n  ops: { type: slak, url: https://hooks.example }\n`)).toEqual([
      '4:16: notify.ops.type: expected one of slack, webhook, email, got "slak" (did you mean "slack"?)',
    ]);
  });

  it('dangling references, at the reference, listing what is defined', () => {
    expect(
      issuesOf(`${HEAD}credentials:\n  A: { forge: cor, persona: nobody, scopes: [], source: { env: A } }\nconsumers:\n  c: { kind: cron, credentials: [A, B] }\n`),
    ).toEqual([
      '7:15: credentials.A.forge: unknown forge "cor" (did you mean "core"?); defined forges: core',
      '7:29: credentials.A.persona: unknown persona "nobody"; defined personas: bot1',
      '9:37: consumers.c.credentials[1]: unknown credential "B"; defined credentials: A',
    ]);
    expect(issuesOf('version: 1\nforges: {}\nconsumers:\n  c: { kind: cron, credentials: [X] }\n')).toEqual([
      '4:34: consumers.c.credentials[0]: unknown credential "X"; no credentials are defined',
    ]);
  });

  it('duplicate repo and file entries, at the repeat', () => {
    expect(
      issuesOf(`${HEAD}credentials:
  A:
    forge: core
    persona: bot1
    scopes: []
    source: { env: A }
    repos:
      - { repo: acme/core, access: pull }
      - { repo: Acme/Core, access: push }
    files:
      - { repo: a/b, path: x, local: x }
      - { repo: a/b, path: x, ref: dev, local: x }
      - { repo: a/b, path: x, local: y }
`),
    ).toEqual([
      '14:17: credentials.A.repos[1].repo: repository "Acme/Core" is listed twice (first at line 13); merge the two entries',
      '18:28: credentials.A.files[2].path: file "x" of a/b is listed twice (first at line 16); merge the two entries',
    ]);
  });

  it('a forge URL carrying credentials', () => {
    expect(issuesOf('version: 1\nforges:\n  core: { type: gitea, url: "https://bot:s3cr3t@git.example.com" }\n')).toEqual([
      "3:29: forges.core.url: a forge URL must not contain a user name or token; give the token to a credential's source instead",
    ]);
  });

  it('scope names the credential\'s forge does not have, each at its place (validate refuses what check would)', () => {
    const credential = (type: string, scopes: string) =>
      `version: 1\nforges:\n  core: { type: ${type}, url: https://git.example.com }\npersonas:\n  bot1: { kind: bot }\ncredentials:\n  A: { forge: core, source: { env: A }, persona: bot1, scopes: [${scopes}] }\n`;
    expect(issuesOf(credential('gitea', 'read:user, read:usr'))).toEqual([
      '7:76: credentials.A.scopes[1]: unknown Gitea scope "read:usr" (expected all, public-only, or read:/write: followed by one of activitypub, admin, misc, notification, organization, package, issue, repository, user)',
    ]);
    expect(issuesOf(credential('github', 'write:repository'))[0]).toMatch(/^7:65: credentials\.A\.scopes\[0\]: unknown GitHub scope "write:repository"/);
    expect(issuesOf(credential('gitlab', 'read_api, repo'))[0]).toMatch(/^7:75: credentials\.A\.scopes\[1\]: unknown GitLab scope "repo"/);
    expect(parseInventory(credential('github', 'repo, contents=read'), FILE).inventory.credentials['A']?.scopes).toEqual(['repo', 'contents=read']);
  });

  it('every problem at once, in file order, and nothing returned', () => {
    const issues = issuesOf('version: 3\nforges:\n  core: { type: svn, url: nope }\nextra: 1\n');
    expect(issues.map((i) => i.split(':').slice(0, 2).join(':'))).toEqual(['1:10', '3:17', '3:27', '4:1']);
  });
});

describe('secret values never appear in messages', () => {
  const TOKEN = 'ghp_PLANTEDcanary0123456789abcdefXYZ';
  it('a token pasted where a source, password or webhook URL belongs', () => {
    const text = `${HEAD.replace('bot1: { kind: bot }', `bot1: { kind: bot, password: ${TOKEN} }`)}credentials:
  A: { forge: core, persona: bot1, scopes: [], source: ${TOKEN} }
  B: { forge: core, persona: bot1, scopes: [], source: { env: ${TOKEN}, extra: ${TOKEN} } }
  C: { forge: core, persona: bot1, scopes: [], source: { ${TOKEN} } }
notify:
  ops: { type: webhook, url: ${TOKEN} }
  mail: { type: email, to: [a@b.example], smtp: ${TOKEN} }
`;
    const issues = issuesOf(text);
    expect(issues).toContain("8:101: credentials.B.source: unknown key, not shown in case it is a secret (allowed here: env, file, envFile, key, command)");
    expect(issues).toContain(
      '9:58: credentials.C.source: unknown key, not shown in case it is a secret (allowed here: env, file, envFile, key, command); expected a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }',
    );
    expect(issues.length).toBeGreaterThanOrEqual(5);
    for (const issue of issues) expect(issue).not.toContain(TOKEN);
    // …and the YAML parser's own messages do not quote the source either.
    const broken = issuesOf(`version: 1\nforges:\n  core: { url: "${TOKEN}\n`);
    for (const issue of broken) expect(issue).not.toContain(TOKEN);
  });
});

describe('a token pasted where a variable name belongs', () => {
  it.each([
    ['a GitHub token as env', '{ env: ghp_PLANTEDcanary0123456789abcdefXYZ }', '7:72'],
    ['a GitLab token as env', '{ env: glpat-PLANTEDcanary01234567 }', '7:72'],
    ['a Gitea token as an env file key', '{ envFile: x.env, key: 0123456789abcdef0123456789abcdef01234567 }', '7:88'],
  ])('%s is refused at the value, which is not repeated', (_label, source, at) => {
    const text = `${HEAD}credentials:\n  A: { forge: core, persona: bot1, scopes: [read:user], source: ${source} }\n`;
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^${at}: credentials\\.A\\.source\\.(env|key): this looks like a token, not the name of a variable \\(not shown\\)`));
    const value = /(ghp_\w+|glpat-\w+|[0-9a-f]{40})/.exec(source)![1]!;
    expect(issues[0]).not.toContain(value);
  });

  it('in a scope list or as a credential\'s key, it is not repeated either', () => {
    const token = 'ghp_PLANTEDcanary0123456789abcdefXYZ';
    const text = `${HEAD}credentials:\n  A: { forge: core, persona: bot1, source: { env: A }, scopes: [${token}] }\n  B: { forge: core, persona: bot1, source: { env: B }, scopes: [], ${token}: 1 }\n`;
    const issues = issuesOf(text);
    expect(issues).toEqual([
      expect.stringMatching(/^7:\d+: credentials\.A\.scopes\[0\]: unknown Gitea scope \(not shown: it looks like a token\)/),
      expect.stringMatching(/^8:\d+: credentials\.B: unknown key, not shown in case it is a secret/),
    ]);
    for (const issue of issues) expect(issue).not.toContain(token);
  });

  it('ordinary variable names pass, including hex-looking short ones', () => {
    const text = `${HEAD}credentials:\n  A: { forge: core, persona: bot1, scopes: [read:user], source: { env: GHP_DEPLOY_TOKEN } }\n  B: { forge: core, persona: bot1, scopes: [read:user], source: { envFile: x.env, key: deadbeef } }\n`;
    expect(Object.keys(parseInventory(text, FILE).inventory.credentials)).toEqual(['A', 'B']);
  });
});

describe('loadInventory', () => {
  it('reports an unreadable file as a UserError naming it', async () => {
    await expect(loadInventory('/nonexistent/credcanary.yaml')).rejects.toThrow(/cannot read inventory \/nonexistent\/credcanary.yaml \(ENOENT\)/);
  });

  it('names a file outside the working folder by its absolute path', async () => {
    const dir = tempDir('cc-load-');
    const file = join(dir, 'credcanary.yaml');
    writeFileSync(file, 'version: 1\nforges: {}\nbogus: 1\n');
    const err = await loadInventory(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues[0]).toMatchObject({ file, line: 3, column: 1, path: 'bogus' });
  });

  it('names a file inside the working folder relative to it, as a person would type it', () => {
    const err = (() => {
      try {
        parseInventory('version: 1\nforges: {}\nbogus: 1\n', join(process.cwd(), 'conf', 'credcanary.yaml'));
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.details).toEqual([`${join('conf', 'credcanary.yaml')}:3:1: bogus: unknown key "bogus" (allowed here: version, forges, personas, credentials, consumers, notify, settings, scan, serve)`]);
  });
});

describe('http forges', () => {
  const forge = (body: string) => `version: 1\nforges:\n  cf:\n${body}`;
  it('type http needs a verify block, and verify belongs to http only', () => {
    expect(issuesOf(forge('    type: http\n    url: https://api.example.com/verify\n')).join('\n')).toMatch(/needs a verify block/);
    expect(issuesOf(forge('    type: gitea\n    url: https://git.example.com\n    verify: { header: "A: {token}", identity: id }\n')).join('\n')).toMatch(/only for forges of type http/);
    const ok = parseInventory(forge('    type: http\n    url: https://api.example.com/verify\n    verify: { header: "Authorization: Bearer {token}", identity: result.id, expiry: result.expires_on }\n'), FILE);
    expect(ok.inventory.forges['cf']?.verify?.identity).toBe('result.id');
  });

  it('a credential on an http forge asks no scopes, repositories or files, at the credential', () => {
    const text = `${forge('    type: http\n    url: https://api.example.com/verify\n    verify: { header: "A: {token}", identity: id }\n')}personas: { p: { kind: bot } }\ncredentials:\n  T: { forge: cf, source: { env: T }, persona: p, scopes: [read] }\n`;
    expect(issuesOf(text)).toEqual([
      '9:3: credentials.T: forge "cf" is an HTTP verify endpoint, which has no scopes, repositories or files to check (use scopes: [] and leave out repos and files)',
    ]);
  });
});
