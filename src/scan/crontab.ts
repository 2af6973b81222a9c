// crontab and /etc/cron.d files: one job per schedule line, its command as script text.

import type { JobSummary, SecretUse, Trigger } from './model.js';
import { CREDENTIAL_NAME, isAutomaticVariable, LineScript, type Script } from './text.js';

/** What a crontab file holds. */
export interface CrontabContent {
  triggers: Trigger[];
  jobs: JobSummary[];
  scripts: Script[];
  /** Credential-like variables set at the top of the file (`NAME=value`): names only. */
  envSecrets: SecretUse[];
  /** Non-comment lines that are neither env assignments nor schedules. */
  invalid: { line: number; column: number; message: string }[];
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
  const out: CrontabContent = { triggers: [], jobs: [], scripts: [], envSecrets: [], invalid: [] };
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
  });
  return out;
}
