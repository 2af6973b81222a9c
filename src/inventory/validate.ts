// `credcanary validate`: the inventory checked offline. Loading it checks YAML, the schema and every
// cross-reference (a ConfigError lists them with file:line:column); this adds what only the machine
// running the checks can answer: can each secret source and each local copy be read here? No forge
// is contacted and no source command is run (it may reach a secret store); a command is only looked up.

import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { LoadedInventory, SecretSource } from './schema.js';
import { readSecret } from './sources.js';

/** One thing `validate` looked at and what it found. */
export interface ValidateFinding {
  /** `credential AUTO_SYNC_TOKEN source`, `persona ops-bot password`, `credential X file providers.yaml`. */
  subject: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
}

/** Where a source is read from, in words (never its value). */
function describeSource(source: SecretSource): string {
  if ('env' in source) return `environment variable ${source.env}`;
  if ('file' in source) return `file ${source.file}`;
  if ('envFile' in source) return `key ${source.key} of ${source.envFile}`;
  return `command ${source.command[0] ?? ''}`;
}

// A command is found the way spawn finds it: a path (relative to the inventory's folder, where it
// runs) or a name on PATH.
async function commandFound(program: string, dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const candidates = program.includes('/') || isAbsolute(program)
    ? [resolve(dir, program)]
    : (env['PATH'] ?? '').split(delimiter).filter((p) => p !== '').map((p) => join(p, program));
  for (const file of candidates) {
    try {
      await access(file, constants.X_OK);
      return true;
    } catch {
      // Not here; try the next.
    }
  }
  return false;
}

async function checkSource(subject: string, source: SecretSource, loaded: LoadedInventory, env: NodeJS.ProcessEnv): Promise<ValidateFinding[]> {
  const where = describeSource(source);
  if ('command' in source) {
    const program = source.command[0] ?? '';
    return (await commandFound(program, loaded.dir, env))
      ? [{ subject, status: 'ok', message: `${where} found (not run: it may contact a secret store)` }]
      : [{ subject, status: 'fail', message: `${where} not found on PATH or in ${loaded.dir}` }];
  }
  // Reading is offline; the value is registered for redaction and never printed.
  const read = await readSecret(source, { dir: loaded.dir, env, timeoutMs: 1000 });
  if (!read.ok) return [{ subject, status: 'fail', message: read.message }];
  return [
    { subject, status: 'ok', message: `${where} holds a value` },
    ...read.warnings.map((w): ValidateFinding => ({ subject, status: 'warn', message: w.message })),
  ];
}

/** Checks every secret source and local file copy of `loaded` on this machine, offline. */
export async function validateSources(loaded: LoadedInventory, env: NodeJS.ProcessEnv): Promise<ValidateFinding[]> {
  const inv = loaded.inventory;
  const findings: ValidateFinding[] = [];
  for (const [name, persona] of Object.entries(inv.personas)) {
    if (persona.password) findings.push(...(await checkSource(`persona ${name} password`, persona.password, loaded, env)));
  }
  for (const [name, credential] of Object.entries(inv.credentials)) {
    findings.push(...(await checkSource(`credential ${name} source`, credential.source, loaded, env)));
    for (const f of credential.files ?? []) {
      const subject = `credential ${name} file ${f.repo}:${f.path}`;
      try {
        await readFile(resolve(loaded.dir, f.local));
        findings.push({ subject, status: 'ok', message: `local copy ${f.local} is readable` });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
        findings.push({ subject, status: 'fail', message: `local copy ${f.local} ${why} (relative paths are relative to the inventory's folder)` });
      }
    }
  }
  return findings;
}
