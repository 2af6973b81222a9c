// crontab and /etc/cron.d files: one job per schedule line, its command as script text.

import type { JobSummary, SecretUse, Trigger } from './model.js';
import { CREDENTIAL_NAME, isAutomaticVariable, LineScript, type ProgramUse, type Script } from './text.js';

/** What a crontab file holds. */
export interface CrontabContent {
  triggers: Trigger[];
  jobs: JobSummary[];
  scripts: Script[];
  /** Credential-like variables set at the top of the file (`NAME=value`): names only. */
  envSecrets: SecretUse[];
  /** Credential-like variables a job line sets from a file (`TOKEN=$(cat /etc/ops/token) job`), `through` the file. */
  fileSecrets: SecretUse[];
  /** The program each job line starts, for linking to scripts in the tree. */
  programs: ProgramUse[];
  /** Non-comment lines that are neither env assignments nor schedules. */
  invalid: { line: number; column: number; message: string }[];
}

// `NAME=$(cat FILE)`, `NAME="$(cat FILE)"`, `NAME=$(< FILE)` or `NAME=\`cat FILE\``: a secret read from a file.
const FILE_ASSIGNMENT = /(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=("?)(?:\$\(\s*(?:cat\s+|<\s*)([^\s)]+)\s*\)|`\s*cat\s+([^\s`]+)\s*`)\2/g;
// Leading `NAME=value` words of a command (env for that command only), any quoting.
const PREFIX_ASSIGNMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|'[^']*'|\$\([^)]*\)|`[^`]*`|\S)*\s+)+/;

/** The secrets a command line reads from files, and the program it then starts. */
function commandParts(command: string, line: number, column: number): { secrets: SecretUse[]; program: ProgramUse | null } {
  const secrets: SecretUse[] = [];
  for (const m of command.matchAll(FILE_ASSIGNMENT)) {
    const name = m[1] ?? '';
    const file = m[3] ?? m[4] ?? '';
    if (!CREDENTIAL_NAME.test(name) || isAutomaticVariable(name)) continue;
    const at = column + m.index + m[0].indexOf(name);
    secrets.push({ name, via: 'variable', through: file, line, column: at });
  }
  // The program: the first word after the env assignments of the first command (`cd DIR && x` starts x).
  const first = command.split(/&&|;|\|\|/).map((c) => c.trim()).find((c) => !/^cd\s/.test(c)) ?? '';
  const word = first.replace(PREFIX_ASSIGNMENT, '').split(/\s+/)[0] ?? '';
  const program = word !== '' && !word.includes('=') ? { program: word, line, column: column + Math.max(0, command.indexOf(word)) } : null;
  return { secrets, program };
}

const MACRO = /^(@(?:reboot|yearly|annually|monthly|weekly|daily|midnight|hourly))\s+(.*)$/;
const FIELD = /^[\d*/,\-A-Za-z?LW#]+$/;
const ENV = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** Does this path hold a system crontab (with a user field after the schedule)? */
export function hasUserField(path: string): boolean {
  return /(^|\/)cron\.d\//.test(path) || /(^|\/)etc\/crontab$/.test(path);
}

/** Parses crontab text. `withUser`: system crontab format (a user column before the command). */
export function readCrontab(text: string, withUser: boolean): CrontabContent {
  const out: CrontabContent = { triggers: [], jobs: [], scripts: [], envSecrets: [], fileSecrets: [], programs: [], invalid: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const indent = raw.length - raw.trimStart().length;
    const env = ENV.exec(trimmed);
    if (env?.[1]) {
      if (CREDENTIAL_NAME.test(env[1])) {
        out.envSecrets.push({ name: env[1], via: 'variable', line, column: indent + 1, ...(isAutomaticVariable(env[1]) ? { automatic: true } : {}) });
      }
      return;
    }
    let schedule: string;
    let rest: string;
    const macro = MACRO.exec(trimmed);
    if (macro) {
      schedule = macro[1] ?? '';
      rest = macro[2] ?? '';
    } else {
      const fields = trimmed.split(/\s+/);
      if (fields.length < 6 || !fields.slice(0, 5).every((f) => FIELD.test(f))) {
        out.invalid.push({ line, column: indent + 1, message: 'expected a schedule (five fields or @daily-style) and a command' });
        return;
      }
      schedule = fields.slice(0, 5).join(' ');
      const m = /^(?:\S+\s+){5}/.exec(trimmed);
      rest = trimmed.slice(m?.[0].length ?? 0);
    }
    if (withUser) rest = rest.replace(/^\S+\s+/, '');
    const commandColumn = indent + 1 + trimmed.lastIndexOf(rest);
    out.triggers.push({ event: 'schedule', cron: schedule, line, column: indent + 1 });
    out.jobs.push({ id: `line ${line}`, line, column: indent + 1, steps: [{ name: null, uses: null, line, column: commandColumn }] });
    // cron treats an unescaped % as a newline; the command text up to it is what runs.
    const command = rest.split(/(?<!\\)%/)[0] ?? rest;
    out.scripts.push(new LineScript([{ text: command, line, column: commandColumn }], true, new Map(), { job: `line ${line}`, step: null }));
    const parts = commandParts(command, line, commandColumn);
    out.fileSecrets.push(...parts.secrets);
    if (parts.program) out.programs.push(parts.program);
  });
  return out;
}
