// systemd units: a `.service` (what runs, `EnvironmentFile=`, `Environment=`) and the `.timer` that
// starts it (`OnCalendar=` and friends).

import type { EnvFileUse, SecretUse, Trigger } from './model.js';
import { CREDENTIAL_NAME, isAutomaticVariable, LineScript, type ProgramUse, type Script } from './text.js';

/** One `Key=value` line of a unit file. */
interface UnitEntry {
  section: string;
  key: string;
  value: string;
  line: number;
  column: number;
}

/** Reads the `Key=value` entries of a unit file (comments and blank lines skipped). */
function unitEntries(text: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      section = sec[1] ?? '';
      return;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) return;
    out.push({ section, key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), line: i + 1, column: raw.indexOf(t) + eq + 2 });
  });
  return out;
}

/** What a timer says: its schedules and the service it starts (null: the same-named service). */
export interface TimerContent {
  triggers: Trigger[];
  unit: string | null;
}

const TIMER_KEYS = new Set(['OnCalendar', 'OnBootSec', 'OnStartupSec', 'OnActiveSec', 'OnUnitActiveSec', 'OnUnitInactiveSec']);

/** Parses a `.timer` unit. */
export function readTimer(text: string): TimerContent {
  const entries = unitEntries(text).filter((e) => e.section === 'Timer');
  return {
    triggers: entries
      .filter((e) => TIMER_KEYS.has(e.key))
      .map((e) => ({ event: 'schedule', cron: `${e.key}=${e.value}`, line: e.line, column: e.column })),
    unit: entries.find((e) => e.key === 'Unit')?.value ?? null,
  };
}

/** What a service says: commands it runs, env files it loads, credential-like env it sets. */
export interface ServiceContent {
  scripts: Script[];
  envFiles: EnvFileUse[];
  envSecrets: SecretUse[];
  /** Commands' first words (the programs it starts), for linking to scripts in the tree. */
  programs: ProgramUse[];
}

const EXEC_KEYS = new Set(['ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecStop', 'ExecStopPost', 'ExecReload', 'ExecCondition']);

/** Parses a `.service` unit. */
export function readService(text: string): ServiceContent {
  const out: ServiceContent = { scripts: [], envFiles: [], envSecrets: [], programs: [] };
  for (const e of unitEntries(text)) {
    if (e.key === 'EnvironmentFile') {
      // A leading "-" means "ignore if missing"; the file is still what the service reads.
      out.envFiles.push({ path: e.value.replace(/^-/, ''), resolved: null, keys: [], line: e.line, column: e.column });
    } else if (e.key === 'Environment') {
      for (const m of e.value.matchAll(/"?([A-Za-z_][A-Za-z0-9_]*)=/g)) {
        const name = m[1] ?? '';
        if (CREDENTIAL_NAME.test(name)) {
          out.envSecrets.push({ name, via: 'variable', line: e.line, column: e.column + m.index, ...(isAutomaticVariable(name) ? { automatic: true } : {}) });
        }
      }
    } else if (EXEC_KEYS.has(e.key)) {
      // Exec prefixes (@, -, :, +, !) change how systemd runs the command, not what runs.
      const command = e.value.replace(/^[@\-:+!]+/, '');
      const program = command.split(/\s+/)[0];
      if (program) out.programs.push({ program, line: e.line, column: e.column });
      out.scripts.push(new LineScript([{ text: command, line: e.line, column: e.column }], true, new Map(), { job: e.key, step: null }));
    }
  }
  return out;
}
