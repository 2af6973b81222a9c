import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import type { LoadedInventory } from '../inventory/schema.js';
import { starterConfig } from './config.js';
import { defaultCron, validateCron } from './cron.js';
import { parseInstall, VENDORED_BUNDLE, type Install } from './install.js';
import { gitWarnings, planVendor, readBundle, writeBundle } from './vendor.js';
import { parseWorkflowForge, renderWorkflow } from './workflow.js';
import { workflowTarget } from './workflow-dir.js';
import { refuseOverwrite, writeGenerated } from './write.js';

/** `init workflow` options as parsed from the command line. */
export interface InitWorkflowOptions {
  forge?: string;
  credential?: string[];
  cron?: string;
  output?: string;
  force?: boolean;
  config?: string;
  runsOn?: string;
  /** `npm`, `npm@VERSION` or a package spec; default: vendor the bundle. */
  install?: string;
  /** Workflow folder, overriding the one the forge reads today. */
  dir?: string;
}

/** `init config` options. */
export interface InitConfigOptions {
  fromScan?: string | boolean;
  output?: string;
  force?: boolean;
  forge?: string;
  credential?: string[];
}

/** Where the commands run and print. */
export interface InitIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  version: string;
}

/** What the workflow needs from the inventory: credentials to check, the env secrets holding them, and persona passwords. */
export interface InventorySecrets {
  credentials: string[];
  /** `source.env` of each credential (file and command sources cannot be fed from CI secrets). */
  secrets: string[];
  /** Persona password variables (`password: { env: … }`), read by the scopes probe. */
  extra: string[];
}

/** Reads the workflow's names from the inventory; `only` must name credentials it defines. */
export function secretsFromInventory(loaded: LoadedInventory, only?: readonly string[]): InventorySecrets {
  const inv = loaded.inventory;
  const credentials = only && only.length > 0 ? [...only] : Object.keys(inv.credentials);
  const unknown = credentials.filter((n) => !inv.credentials[n]);
  if (unknown.length > 0) {
    throw new UserError(`--credential ${unknown.join(', ')} not in ${loaded.file}`, [`defined there: ${Object.keys(inv.credentials).join(', ') || '(none)'}`]);
  }
  const secrets = new Set<string>();
  const extra = new Set<string>();
  for (const name of credentials) {
    const spec = inv.credentials[name];
    if (!spec) continue;
    if ('env' in spec.source) secrets.add(spec.source.env);
    const password = inv.personas[spec.persona]?.password;
    if (password && 'env' in password) extra.add(password.env);
  }
  return { credentials, secrets: [...secrets], extra: [...extra].filter((n) => !secrets.has(n)) };
}

// The inventory is optional for `init workflow` (it is how a default credential list is found), but a
// broken one that exists is reported, not silently ignored.
async function inventoryIfPresent(options: InitWorkflowOptions, io: InitIo): Promise<LoadedInventory | null> {
  const explicit = options.config !== undefined || Boolean(io.env['CREDCANARY_CONFIG']);
  if (!explicit && !existsSync(resolve(io.cwd, 'credcanary.yaml'))) return null;
  const file = locateInventory({ ...(options.config ? { config: options.config } : {}), env: io.env, cwd: io.cwd });
  return loadInventory(file);
}

/** `credcanary init workflow`: writes the canary workflow for a forge (and, by default, vendors the bundle it runs). */
export async function initWorkflow(options: InitWorkflowOptions, io: InitIo): Promise<void> {
  const forge = parseWorkflowForge(options.forge);
  const loaded = await inventoryIfPresent(options, io);
  let credentials = options.credential ?? [];
  let secrets: string[] = credentials;
  let extraSecrets: string[] = [];
  if (loaded) ({ credentials, secrets, extra: extraSecrets } = secretsFromInventory(loaded, credentials));
  if (credentials.length === 0) {
    throw new UserError('no credentials to check', [
      'pass --credential NAME (repeatable), or run it next to a credcanary.yaml that lists credentials (credcanary init config)',
    ]);
  }
  if (options.dir !== undefined && options.output !== undefined) throw new UserError('pass either --dir or --output, not both');
  const cron = options.cron !== undefined ? validateCron(options.cron) : defaultCron(credentials);
  const force = options.force === true;
  // Everything is decided and checked before the first write, so a refusal leaves the repository as it was.
  const bundle = options.install === undefined ? readBundle() : null;
  const install: Install = bundle ? { kind: 'vendored', sha256: bundle.sha256 } : parseInstall(options.install ?? 'npm', io.version);
  const target = options.output !== undefined ? { path: options.output, why: '' } : workflowTarget(forge, io.cwd, options.dir);
  const text = renderWorkflow({ forge, credentials, secrets, extraSecrets, cron, version: io.version, install, ...(options.runsOn ? { runsOn: options.runsOn } : {}) });
  if (target.path !== '-' && !force && existsSync(resolve(io.cwd, target.path))) refuseOverwrite(target.path);
  const vendor = bundle ? planVendor(bundle, io.cwd, force) : null;

  if (bundle && vendor === 'write') writeBundle(bundle, io.cwd);
  const written = await writeGenerated(text, { path: target.path, force, cwd: io.cwd, stdout: io.stdout });
  if (bundle) {
    io.stderr(`${vendor === 'write' ? 'wrote' : 'kept (identical)'} ${VENDORED_BUNDLE} (credcanary ${io.version}, sha256 ${bundle.sha256}): commit it with the workflow\n`);
    for (const warning of gitWarnings(io.cwd)) io.stderr(`warning: ${warning}\n`);
  } else if (install.kind === 'spec' && /^https:/.test(install.spec)) {
    io.stderr('note: a tarball URL names a file, it does not pin its content; a git commit or the vendored bundle does\n');
  }
  if (written !== '-') {
    io.stderr(`wrote ${written} (${forge}, schedule "${cron}", checks ${credentials.join(', ')})${target.why ? `: ${target.why}` : ''}\n`);
    const all = [...secrets, ...extraSecrets].join(', ');
    io.stderr(forge === 'gitlab' ? `next: add CI/CD variables ${all} and a pipeline schedule (see the file's header)\n` : `next: add repository secrets ${all}, commit the file, and start it once by hand\n`);
  }
}

/** `credcanary init config`: writes a starter inventory, or one drafted from a scan with `--from-scan`. */
export async function initConfig(options: InitConfigOptions, io: InitIo): Promise<void> {
  let text: string;
  if (options.fromScan !== undefined && options.fromScan !== false) {
    const dir = resolve(io.cwd, typeof options.fromScan === 'string' ? options.fromScan : '.');
    const expected = ['expected the folder holding the workflows, cron files and scripts to scan (default .)'];
    if (!existsSync(dir)) throw new UserError(`--from-scan ${dir}: no such file or folder`, expected);
    if (!statSync(dir).isDirectory()) throw new UserError(`--from-scan ${dir}: a file, not a folder`, expected);
    // Loaded only when asked for: the scanner is large and `init config` alone does not need it.
    const { inventoryYamlFromScan } = await import('../scan/to-inventory.js');
    text = await inventoryYamlFromScan(dir);
  } else {
    const forgeType = options.forge === undefined ? undefined : parseWorkflowForge(options.forge);
    text = starterConfig({ ...(options.credential ? { credentials: options.credential } : {}), ...(forgeType ? { forgeType } : {}) });
  }
  const written = await writeGenerated(text, { path: options.output ?? 'credcanary.yaml', force: options.force === true, cwd: io.cwd, stdout: io.stdout });
  if (written !== '-') io.stderr(`wrote ${written}; edit the example values, then run credcanary check\n`);
}
