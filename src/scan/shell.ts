// Shell text: env files it sources and credential-like variables it reads from its environment.

import type { EnvFileUse, SecretUse } from './model.js';
import { allMatches, CREDENTIAL_NAME, isAutomaticVariable, scriptText, stripShellComment, type Script } from './text.js';

const SOURCE = /(?:^|[;&|(]\s*|\bthen\s+|\bdo\s+)(?:source|\.)\s+("(?:\$\([^)]*\)|[^"\\]|\\.)*"|'[^']+'|[^\s;&|)]+)/g;
const ASSIGN = /(?:^\s*|[;&|]\s*|\bexport\s+|\blocal\s+|\breadonly\s+|\bdeclare\s+(?:-\w+\s+)*)([A-Za-z_][A-Za-z0-9_]*)=/g;
/**
 * What every match of SOURCE holds: `source` or `.`, after a space, `;&|(` or the start, then a space.
 * A cheap test of a whole script and of each line before SOURCE runs; a bare `.` then space (`cd .. `,
 * `Done. Next`) is common in scripts and is not enough.
 */
const SOURCE_HINT = /(?:^|[\s;&|(])(?:source|\.)\s/;
const READ = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;

/** Env files a script sources (`source FILE`, `. FILE`), as written, with positions. */
export function sourcedEnvFiles(script: Script): EnvFileUse[] {
  const out: EnvFileUse[] = [];
  // One test of the whole script first: most source nothing.
  if (!SOURCE_HINT.test(scriptText(script))) return out;
  for (const l of script.lines) {
    // Cheap test first: a `source FILE` or `. FILE` needs one of these, and most lines have neither.
    if (!SOURCE_HINT.test(l.text)) continue;
    const text = stripShellComment(l.text);
    for (const m of allMatches(SOURCE, text)) {
      const path = (m[1] ?? '').replace(/^["']|["']$/g, '');
      if (!path || path === '/dev/stdin') continue;
      const at = m.index + m[0].indexOf(m[1] ?? '');
      out.push({ path, resolved: null, keys: [], line: l.line, column: l.column + at });
    }
  }
  return out;
}

/** The keys an env file defines (`KEY=…`, `export KEY=…`), in order, without values. */
export function envFileKeys(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = ENV_LINE.exec(line);
    if (m?.[1] && !keys.includes(m[1])) keys.push(m[1]);
  }
  return keys;
}

/** Variables a set of scripts assigns itself (so they are not read from the environment). */
export function assignedVariables(scripts: readonly Script[]): Set<string> {
  const out = new Set<string>();
  for (const s of scripts) {
    for (const l of s.lines) {
      // Each pattern below needs one of these; removing a comment cannot add one.
      if (!l.text.includes('=') && !l.text.includes('read') && !l.text.includes('for')) continue;
      const text = stripShellComment(l.text);
      for (const m of allMatches(ASSIGN, text)) if (m[1]) out.add(m[1]);
      const read = /\bread\s+(?:-\w+\s+)*([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
      if (read?.[1]) out.add(read[1]);
      const forVar = /\bfor\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/.exec(text);
      if (forVar?.[1]) out.add(forVar[1]);
    }
  }
  return out;
}

/**
 * Credential-like variables the scripts read but do not assign: what the environment (CI variables,
 * cron env, a sourced env file) must provide. First use of each name only.
 */
export function environmentSecrets(scripts: readonly Script[], local: ReadonlySet<string>, ignore: (name: string) => boolean = () => false): SecretUse[] {
  const seen = new Set<string>();
  const out: SecretUse[] = [];
  for (const s of scripts) {
    for (const l of s.lines) {
      if (!l.text.includes('$')) continue;
      const text = s.shell ? stripShellComment(l.text) : l.text;
      for (const m of allMatches(READ, text)) {
        const name = m[1] ?? '';
        if (seen.has(name) || local.has(name) || ignore(name) || !CREDENTIAL_NAME.test(name)) continue;
        seen.add(name);
        out.push({ name, via: 'variable', line: l.line, column: l.column + m.index, ...(isAutomaticVariable(name) ? { automatic: true } : {}) });
      }
    }
  }
  return out;
}
