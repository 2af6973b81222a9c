// `credcanary init config --from-scan`: an inventory skeleton drafted from what the scan found. It
// drafts credentials only for the secrets that are forge tokens (by name, or by the forge URLs and git
// commands where they are used), each on the forge it belongs to; the other secrets are listed,
// commented out with the reason, and put in `scan.ignoreSecrets`. What a scan cannot know (personas,
// scopes, a self-hosted forge's URL) is left as clearly marked placeholders that still validate.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifySecret, type ForgeHint, type SecretClass, type SecretContext } from './forge-tokens.js';
import type { Consumer, ConsumerKind, Forge, SecretUse } from './model.js';
import { onCalendarToCron } from './on-calendar.js';
import { scan } from './scanner.js';
import { splitLines } from './text.js';

const KIND: Record<ConsumerKind, 'workflow' | 'cron' | 'script' | 'service'> = {
  workflow: 'workflow',
  'reusable-workflow': 'workflow',
  'composite-action': 'workflow',
  'gitlab-ci': 'workflow',
  crontab: 'cron',
  systemd: 'service',
  script: 'script',
};

const PLACEHOLDER_URL: Record<Forge, string> = {
  gitea: 'https://git.example.com',
  forgejo: 'https://git.example.com',
  github: 'https://api.github.com',
  gitlab: 'https://gitlab.com',
};

/** A YAML double-quoted scalar (JSON strings are valid YAML). */
const q = (s: string): string => JSON.stringify(s);

/** An inventory name (letters, digits, `_ . -`) derived from a path. */
function nameFor(path: string, taken: Set<string>): string {
  const base = path.replace(/\.(ya?ml|sh|service|timer)$/, '').replace(/^\.(github|gitea|forgejo)\/workflows\//, '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'consumer';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

/** The user secrets a consumer reads (no platform tokens, no `*`, names an inventory can hold). */
function userSecrets(c: Consumer): SecretUse[] {
  return c.secrets.filter((s) => !s.automatic && s.name !== '*' && /^[A-Za-z0-9_.-]+$/.test(s.name));
}

/** Reads a file of the scanned tree (relative path), or null. */
export type ReadTree = (path: string) => string | null;

/** Where a credential is read from, from how the scan saw it reach its consumer. */
function sourceFor(use: SecretUse, consumerPaths: ReadonlySet<string>): string {
  if (use.via === 'env-file' && use.through) return `{ envFile: ${q(use.through)}, key: ${q(use.name)} }`;
  // `TOKEN=$(cat /etc/ops/token) job`: through the file it is read from (a script it starts is no file source).
  if (use.via === 'variable' && use.through && !consumerPaths.has(use.through)) return `{ file: ${q(use.through)} }`;
  return `{ env: ${q(use.name)} }`;
}

interface Drafted {
  name: string;
  forgeKey: string;
  source: string;
  because: string;
}

/** Classifies every secret the consumers read, from the text around each use. */
function classify(consumers: readonly Consumer[], read: ReadTree): Map<string, { verdict: SecretClass; readers: string[]; first: SecretUse }> {
  const texts = new Map<string, string>();
  const text = (path: string): string => {
    if (!texts.has(path)) texts.set(path, read(path) ?? '');
    return texts.get(path) ?? '';
  };
  const paths = new Set(consumers.map((c) => c.path));
  const uses = new Map<string, { uses: SecretContext[]; readers: string[]; first: SecretUse }>();
  for (const c of consumers) {
    // The consumer and the scripts it starts: a service's token is used in the script it runs.
    const file = [c.path, ...c.includes].map(text).join('\n');
    const lines = splitLines(text(c.path));
    for (const s of userSecrets(c)) {
      const entry = uses.get(s.name) ?? { uses: [], readers: [], first: s };
      // The most specific route decides the source: an env file or a file beats the environment.
      if (sourceFor(s, paths) !== `{ env: ${q(s.name)} }` && sourceFor(entry.first, paths) === `{ env: ${q(s.name)} }`) entry.first = s;
      const inScript = s.through !== undefined && c.includes.includes(s.through);
      const line = inScript ? text(s.through ?? '') : (lines[s.line - 1] ?? '');
      const before = inScript ? '' : lines.slice(Math.max(0, s.line - 5), s.line - 1).join('\n');
      entry.uses.push({ line, before, file, runsOn: c.forges[0] ?? null });
      if (!entry.readers.includes(c.path)) entry.readers.push(c.path);
      uses.set(s.name, entry);
    }
  }
  return new Map([...uses].map(([name, u]) => [name, { verdict: classifySecret(name, u.uses), readers: u.readers, first: u.first }]));
}

/** One forge entry per forge type and URL the drafted credentials need. */
// The example scopes in each forge's own names (a Gitea name is an unknown scope on GitHub or GitLab).
const SCOPE_EXAMPLE: Record<string, string> = { github: 'repo', gitlab: 'read_api, write_repository' };

function forgeKeys(hints: readonly ForgeHint[]): Map<string, ForgeHint> {
  const out = new Map<string, ForgeHint>();
  for (const h of hints) {
    if ([...out.values()].some((o) => o.type === h.type && o.url === h.url && o.guessed === h.guessed)) continue;
    let key: string = h.type;
    for (let i = 2; out.has(key); i++) key = `${h.type}-${i}`;
    out.set(key, h);
  }
  return out;
}

/** The consumers to write: one per consumer, except a crontab, which gets one per line that reads a credential. */
function consumerEntries(consumers: readonly Consumer[], drafted: ReadonlySet<string>): { c: Consumer; secrets: string[]; schedule: string | null; suffix: string }[] {
  const out: { c: Consumer; secrets: string[]; schedule: string | null; suffix: string }[] = [];
  for (const c of consumers) {
    const mine = userSecrets(c).filter((s) => drafted.has(s.name));
    if (mine.length === 0) continue;
    const schedules = c.triggers.filter((t) => t.event === 'schedule' && t.cron && t.cron.trim().split(/\s+/).length === 5);
    if (c.kind !== 'crontab') {
      // A service's schedule is its timer's `OnCalendar=`, when it has a cron equivalent.
      const timer = c.triggers.map((t) => (t.event.startsWith('timer:') && t.cron ? onCalendarToCron(t.cron) : null)).find((x) => x !== null) ?? null;
      out.push({ c, secrets: [...new Set(mine.map((s) => s.name))], schedule: schedules[0]?.cron?.trim() ?? timer, suffix: '' });
      continue;
    }
    // The schedule of the line that reads the secret; env lines at the top reach every job line.
    const byLine = new Map<number, string[]>();
    const everyLine: string[] = [];
    for (const s of mine) {
      if (schedules.some((t) => t.line === s.line)) byLine.set(s.line, [...new Set([...(byLine.get(s.line) ?? []), s.name])]);
      else if (!everyLine.includes(s.name)) everyLine.push(s.name);
    }
    if (byLine.size === 0) out.push({ c, secrets: everyLine, schedule: schedules.length === 1 ? (schedules[0]?.cron?.trim() ?? null) : null, suffix: '' });
    for (const [line, names] of byLine) {
      const schedule = schedules.find((t) => t.line === line)?.cron?.trim() ?? null;
      out.push({ c, secrets: [...new Set([...names, ...everyLine])], schedule, suffix: byLine.size > 1 ? `-line-${line}` : '' });
    }
  }
  return out;
}

/** Builds the skeleton's YAML text for consumers found under `dir`; `read` gives the text of a scanned file. */
export function inventoryYamlFor(dir: string, consumers: readonly Consumer[], read: ReadTree = () => null): string {
  const classes = classify(consumers, read);
  const consumerPaths = new Set(consumers.map((c) => c.path));
  const forges = forgeKeys([...classes.values()].flatMap(({ verdict }) => (verdict.forge ? [verdict.forge] : [])));
  const keyOf = (h: ForgeHint): string => [...forges].find(([, f]) => f.type === h.type && f.url === h.url && f.guessed === h.guessed)?.[0] ?? h.type;
  const drafted: Drafted[] = [];
  const skipped: { name: string; because: string; readers: string[] }[] = [];
  for (const [name, { verdict, readers, first }] of [...classes].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (verdict.forge) drafted.push({ name, forgeKey: keyOf(verdict.forge), source: sourceFor(first, consumerPaths), because: verdict.because });
    else skipped.push({ name, because: verdict.because, readers });
  }
  const lines: string[] = [
    `# credcanary inventory drafted by \`credcanary scan\` of ${dir}.`,
    '# Credentials are drafted only for secrets that are forge tokens (by their name, or the forge URLs and',
    '# git commands where they are used). Everything marked TODO is a placeholder the scan cannot know: the',
    '# bot persona each token belongs to, the scopes and repositories it needs, a self-hosted forge\'s URL.',
    '# Paths are relative to the scanned folder: keep this file there (or adjust them).',
    'version: 1',
  ];
  if (forges.size === 0) {
    lines.push('forges:', '  main:', '    type: gitea   # TODO: gitea | forgejo | github | gitlab (the scan found no forge token)', `    url: ${PLACEHOLDER_URL.gitea}   # TODO: your forge`);
  } else {
    lines.push('forges:');
    for (const [key, f] of forges) {
      lines.push(`  ${key}:`, f.guessed ? `    type: ${f.type}   # TODO: a guess (git talks to it): gitea | forgejo | github | gitlab` : `    type: ${f.type}`, f.url ? `    url: ${f.url}   # from the URLs its consumers call` : `    url: ${PLACEHOLDER_URL[f.type]}   # TODO: your ${f.type} server`);
    }
  }
  lines.push('personas:', '  ci-bot: { kind: bot }   # TODO: the bot account these tokens belong to (kind: human is a policy failure)');
  lines.push(drafted.length === 0 ? 'credentials: {}   # the scan found no forge token in use' : 'credentials:');
  for (const d of drafted) {
    // An env file outside the tree that a reader loads is where the value probably lives: say so, not guess.
    const outside = consumers.filter((c) => userSecrets(c).some((u) => u.name === d.name)).flatMap((c) => c.envFiles.filter((e) => e.resolved === null).map((e) => ({ e, c })));
    const hint = d.source.startsWith('{ env:') && outside[0] ? `   # or { envFile: ${q(outside[0].e.path)}, key: ${q(d.name)} }, which ${outside[0].c.path} loads` : '';
    lines.push(`  ${d.name}:   # ${d.because}`, `    forge: ${d.forgeKey}`, `    source: ${d.source}${hint}`, '    persona: ci-bot', `    scopes: []   # TODO: e.g. [${SCOPE_EXAMPLE[forges.get(d.forgeKey)?.type ?? 'gitea'] ?? 'read:user, write:repository'}]`);
  }
  if (skipped.length > 0) {
    lines.push('  # Not drafted: these secrets do not look like forge tokens (scan.ignoreSecrets below keeps `scan`');
    lines.push('  # from listing them as undeclared; to check one, remove it there and add it here):');
    for (const s of skipped) lines.push(`  #   ${s.name}: ${s.because} (read by ${s.readers.slice(0, 3).join(', ')}${s.readers.length > 3 ? ', …' : ''})`);
  }
  const taken = new Set<string>();
  const entries = consumerEntries(consumers, new Set(drafted.map((d) => d.name)));
  lines.push(entries.length === 0 ? 'consumers: {}' : 'consumers:');
  for (const { c, secrets, schedule, suffix } of entries) {
    lines.push(`  ${nameFor(c.path, taken)}${suffix}:`, `    kind: ${KIND[c.kind]}`, `    path: ${q(c.path)}`, `    credentials: [${secrets.join(', ')}]`);
    // Workflow schedules are UTC; cron and systemd timers run in the machine's local time.
    const zone = KIND[c.kind] === 'workflow' ? 'the schedule that runs it (UTC)' : 'TODO: the machine\'s time zone if not UTC';
    if (schedule) lines.push(`    heartbeat: { schedule: ${q(schedule)}, tz: UTC, grace: 1h }   # ${zone}; adjust grace to the job's run time`);
  }
  if (skipped.length > 0) lines.push('scan:', `  ignoreSecrets: [${skipped.map((s) => s.name).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Scans `dir` and returns an inventory skeleton (YAML with comments) that validates against the schema. */
export async function inventoryYamlFromScan(dir: string): Promise<string> {
  const result = await scan({ root: dir });
  const read: ReadTree = (path) => {
    try {
      return readFileSync(resolve(dir, path), 'utf8');
    } catch {
      return null;
    }
  };
  return inventoryYamlFor(dir, result.consumers, read);
}
