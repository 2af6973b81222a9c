// `credcanary init config --from-scan`: an inventory skeleton drafted from what the scan found. It
// names the real secrets and consumers; what a scan cannot know (forge URL, personas, scopes) is left
// as clearly marked placeholders that still validate, so the file loads and can be refined.

import type { Consumer, ConsumerKind, Forge } from './model.js';
import { scan } from './scanner.js';

const KIND: Record<ConsumerKind, 'workflow' | 'cron' | 'script' | 'service'> = {
  workflow: 'workflow',
  'reusable-workflow': 'workflow',
  'composite-action': 'workflow',
  'gitlab-ci': 'workflow',
  crontab: 'cron',
  systemd: 'service',
  script: 'script',
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

/** The forge type most consumers run on. */
function guessForge(consumers: readonly Consumer[]): Forge {
  const counts = new Map<Forge, number>();
  for (const c of consumers) for (const f of c.forges.slice(0, 1)) counts.set(f, (counts.get(f) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'gitea';
}

/** The user secrets a consumer reads (no platform tokens, no `*`), with the env file of each if any. */
function secretsOf(c: Consumer): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const s of c.secrets) {
    if (s.automatic || s.name === '*' || !/^[A-Za-z0-9_.-]+$/.test(s.name)) continue;
    if (!out.has(s.name)) out.set(s.name, s.via === 'env-file' ? (s.through ?? null) : null);
  }
  return out;
}

/** Builds the skeleton's YAML text for consumers found under `dir`. */
export function inventoryYamlFor(dir: string, consumers: readonly Consumer[]): string {
  const forge = guessForge(consumers);
  // The example scopes in each forge's own names (a Gitea name is an unknown scope on GitHub or GitLab).
  const SCOPE_EXAMPLE: Record<string, string> = { github: 'repo', gitlab: 'read_api, write_repository' };
  const credentials = new Map<string, string | null>();
  for (const c of consumers) for (const [name, envFile] of secretsOf(c)) if (!credentials.has(name)) credentials.set(name, envFile);
  const lines: string[] = [
    `# credcanary inventory drafted by \`credcanary scan\` of ${dir}.`,
    '# Everything marked TODO is a placeholder the scan cannot know: set the forge URL, the bot',
    '# persona each token belongs to, and the scopes and repositories each credential needs.',
    '# Paths are relative to the scanned folder: keep this file there (or adjust them).',
    'version: 1',
    'forges:',
    '  main:',
    `    type: ${forge}   # guessed from the workflow folders found: gitea | forgejo | github | gitlab`,
    '    url: https://git.example.com   # TODO: your forge',
    'personas:',
    '  ci-bot: { kind: bot }   # TODO: the bot account these tokens belong to (kind: human is a policy failure)',
  ];
  if (credentials.size === 0) {
    lines.push('credentials: {}   # the scan found no secrets in use');
  } else {
    lines.push('credentials:');
    for (const [name, envFile] of [...credentials.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      lines.push(`  ${name}:`, '    forge: main', envFile ? `    source: { envFile: ${q(envFile)}, key: ${q(name)} }` : `    source: { env: ${q(name)} }`, '    persona: ci-bot', `    scopes: []   # TODO: e.g. [${SCOPE_EXAMPLE[forge] ?? 'read:user, write:repository'}]`);
    }
  }
  const taken = new Set<string>();
  const used = consumers.filter((c) => secretsOf(c).size > 0);
  if (used.length === 0) {
    lines.push('consumers: {}');
  } else {
    lines.push('consumers:');
    for (const c of used) {
      lines.push(`  ${nameFor(c.path, taken)}:`, `    kind: ${KIND[c.kind]}`, `    path: ${q(c.path)}`, `    credentials: [${[...secretsOf(c).keys()].join(', ')}]`);
      const cron = c.triggers.find((t) => t.event === 'schedule' && t.cron && t.cron.trim().split(/\s+/).length === 5)?.cron;
      if (cron) lines.push(`    heartbeat: { schedule: ${q(cron.trim())}, tz: UTC, grace: 1h }   # from its schedule; adjust grace to the job's run time`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Scans `dir` and returns an inventory skeleton (YAML with comments) that validates against the schema. */
export async function inventoryYamlFromScan(dir: string): Promise<string> {
  const result = await scan({ root: dir });
  return inventoryYamlFor(dir, result.consumers);
}
