// Text of the commands a consumer runs, kept with the file position of every line, so that a rule
// matching inside a shell script embedded in YAML still reports the line of the file a person opens.

import { mapped } from './arrays.js';
import type { Position } from './model.js';

/** One physical line of a script, with the 1-based file position of its first character. */
export interface ScriptLine extends Position {
  text: string;
}

/** Where a script sits inside a workflow: the job and step that run it. */
export interface ScriptOwner {
  job: string | null;
  step: number | null;
}

/** A block of command text: a `run:` script, a GitLab `script:`, a cron command, a shell file. */
export interface Script {
  lines: ScriptLine[];
  /** Shell text: `#` starts a comment. False for plain values (`with:`, `env:`), scanned verbatim. */
  shell: boolean;
  /** Env var name → secret name, for env vars mapped from secrets in this script's scope. */
  secretEnv: ReadonlyMap<string, string>;
  owner: ScriptOwner;
  /** Its logical lines once computed (kept on the script, so they are freed with it). */
  logical?: LogicalLine[];
  /** Indexes of its non-blank logical lines, once computed (see forEachScriptLine). */
  nonBlank?: number[];
  /**
   * Text holding every word of its lines, for quick tests before a rule reads lines (see scriptText):
   * set when the script is made from a scalar of several lines (the scalar as written), else computed.
   */
  joined?: string | undefined;
}

/** A program a service or cron line starts (`ExecStart=/opt/ops/sync.sh`), where it is named. */
export interface ProgramUse extends Position {
  program: string;
}

/** Commands joined over `\` line continuations, with a map back to file positions. */
export interface LogicalLine extends Position {
  /** The command text; `line` and `column` are where it starts in the file. */
  text: string;
  /**
   * For a command continued over several lines: the start offset in `text` of each physical piece, with
   * its file position (most commands fit on one line and have none).
   */
  pieces?: { offset: number; line: number; column: number }[];
}

/** A credential-like env var name: TOKEN, PASSWORD, SECRET, API_KEY, … anywhere in it. */
export const CREDENTIAL_NAME =
  /token|passw(?:or)?d|secret|credential|(?:^|_)(?:pat|pass|auth|apikey)(?:_|$)|(?:api|access|private|deploy)_?key/i;

/** Secrets the Actions runners provide per run by themselves (`secrets.GITHUB_TOKEN`, `secrets.GITEA_TOKEN`). */
export const AUTOMATIC_SECRETS: ReadonlySet<string> = new Set(['GITHUB_TOKEN', 'GITEA_TOKEN']);

/**
 * Env vars CI platforms set to a per-job token by themselves. Only these names: a script's
 * `$GITEA_TOKEN` is whatever its environment holds (Gitea does not export the job token as an env var).
 */
export const AUTOMATIC_VARIABLES: ReadonlySet<string> = new Set(['CI_JOB_TOKEN', 'CI_REGISTRY_PASSWORD', 'CI_DEPLOY_PASSWORD', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']);

/** Is `name` (from the `secrets` context) a token the runner provides by itself? */
export function isAutomaticSecret(name: string): boolean {
  return AUTOMATIC_SECRETS.has(name.toUpperCase());
}

/** Is env var `name` set to a per-job token by the CI platform itself? */
export function isAutomaticVariable(name: string): boolean {
  return AUTOMATIC_VARIABLES.has(name);
}

/** Removes a shell comment from one line (an unquoted `#` at the start or after whitespace). */
export function stripShellComment(text: string): string {
  if (!text.includes('#')) return text;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) return text.slice(0, i);
  }
  return text;
}


/**
 * Text that holds every run of text without spaces that a logical line of the script holds (comments
 * are only removed, and continued lines are joined with a space), so a rule that looks for such a word
 * on a line can skip a whole script that does not contain it: the lines joined by line feeds, or the
 * scalar a script was made of as written in the file (no copy), which holds them all.
 */
export function scriptText(script: Script): string {
  if (script.joined === undefined) script.joined = script.lines.length === 1 ? (script.lines[0] as ScriptLine).text : script.lines.map((l) => l.text).join('\n');
  return script.joined;
}

/** Joins `\`-continued lines of a script (comments removed for shell text). Computed once per script. */
export function logicalLines(script: Script): LogicalLine[] {
  if (script.logical) return script.logical;
  const out: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  for (const line of script.lines) {
    const text = script.shell && line.text.includes('#') ? stripShellComment(line.text) : line.text;
    const continued = text.includes('\\') && (text.endsWith('\\') || /\\\s+$/.test(text));
    const piece = continued ? text.replace(/\\\s*$/, ' ') : text;
    if (!current) {
      // The common case: a command on one line, kept as it is.
      if (!continued) {
        out.push({ text: piece, line: line.line, column: line.column });
        continue;
      }
      current = { text: '', line: line.line, column: line.column, pieces: [] };
    }
    current.pieces?.push({ offset: current.text.length, line: line.line, column: line.column });
    current.text += piece;
    if (!continued) {
      out.push(current);
      current = null;
    }
  }
  if (current) out.push(current);
  script.logical = out;
  return out;
}

/** File position of offset `index` of a logical line. */
export function locate(logical: LogicalLine, index: number): Position {
  if (!logical.pieces) return { line: logical.line, column: logical.column + index };
  let piece = logical.pieces[0] ?? { offset: 0, line: logical.line, column: logical.column };
  for (const p of logical.pieces) {
    if (p.offset <= index) piece = p;
    else break;
  }
  return { line: piece.line, column: piece.column + (index - piece.offset) };
}

/** A reference to a credential inside command text. */
export interface CredentialRef {
  start: number;
  end: number;
  /** How it is written: `secrets.X`, `$TOKEN`, … (a name, never a value). */
  label: string;
  /** The secret it resolves to, when known. */
  secret: string | null;
  /** True when it provably comes from a secret; false when only the variable name suggests one. */
  fromSecret: boolean;
  automatic: boolean;
}

const EXPRESSION = /\$\{\{(.*?)\}\}/g;
const SECRET_IN_EXPRESSION = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])/g;
const SHELL_VAR = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;
const PLATFORM_TOKEN = /\b(?:github|gitea|forgejo)\.token\b/;

/** Every secret named inside one `${{ … }}` expression body (or an `if:` condition). */
export function secretsInExpression(body: string): string[] {
  const names: string[] = [];
  for (const m of allMatches(SECRET_IN_EXPRESSION, body)) names.push((m[1] ?? m[2] ?? '').toUpperCase());
  return names;
}

/** Classifies one expression body as a credential reference, or null. */
function expressionCredential(body: string, secretEnv: ReadonlyMap<string, string>): Omit<CredentialRef, 'start' | 'end'> | null {
  const secrets = secretsInExpression(body);
  if (secrets.length > 0) {
    const secret = secrets[0] ?? null;
    return { label: `secrets.${secret}`, secret, fromSecret: true, automatic: secrets.every(isAutomaticSecret) };
  }
  if (PLATFORM_TOKEN.test(body)) return { label: 'github.token', secret: 'GITHUB_TOKEN', fromSecret: true, automatic: true };
  const env = /\benv\.([A-Za-z_][A-Za-z0-9_]*)/.exec(body);
  if (env?.[1]) {
    const secret = secretEnv.get(env[1]);
    if (secret) return { label: `env.${env[1]}`, secret, fromSecret: true, automatic: isAutomaticSecret(secret) };
    if (CREDENTIAL_NAME.test(env[1])) return { label: `env.${env[1]}`, secret: null, fromSecret: false, automatic: false };
  }
  const input = /\binputs\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(body);
  if (input?.[1] && CREDENTIAL_NAME.test(input[1])) {
    return { label: `inputs.${input[1]}`, secret: null, fromSecret: false, automatic: false };
  }
  return null;
}

/** Classifies a shell variable as a credential reference, or null. */
export function variableCredential(name: string, secretEnv: ReadonlyMap<string, string>): Omit<CredentialRef, 'start' | 'end'> | null {
  const secret = secretEnv.get(name);
  if (secret) return { label: `$${name}`, secret, fromSecret: true, automatic: isAutomaticSecret(secret) };
  if (CREDENTIAL_NAME.test(name)) return { label: `$${name}`, secret: null, fromSecret: false, automatic: isAutomaticVariable(name) };
  return null;
}

/**
 * A reference at [start, end): every one made here has the same fields in the same order, so the rules'
 * code that reads them sees one hidden class (a spread of `found` would give one per shape of `found`).
 */
function credentialRef(found: Omit<CredentialRef, 'start' | 'end'>, start: number, end: number): CredentialRef {
  return { start, end, label: found.label, secret: found.secret, fromSecret: found.fromSecret, automatic: found.automatic };
}

/** Every credential reference in `text`: `${{ secrets.X }}`-style expressions and `$VAR`s that carry one. */
export function credentialRefs(text: string, secretEnv: ReadonlyMap<string, string>): CredentialRef[] {
  // Both kinds of reference start with `$`; most lines have none.
  if (!text.includes('$')) return [];
  const refs: CredentialRef[] = [];
  const covered: [number, number][] = [];
  for (const m of allMatches(EXPRESSION, text)) {
    const start = m.index;
    const end = start + m[0].length;
    covered.push([start, end]);
    const ref = expressionCredential(m[1] ?? '', secretEnv);
    if (ref) refs.push(credentialRef(ref, start, end));
  }
  for (const m of allMatches(SHELL_VAR, text)) {
    const start = m.index;
    if (covered.some(([a, b]) => start >= a && start < b)) continue;
    const name = m[1] ?? '';
    const ref = variableCredential(name, secretEnv);
    if (!ref) continue;
    let end = start + m[0].length;
    if (text[start + 1] === '{') {
      const close = text.indexOf('}', end);
      if (close >= 0) end = close + 1;
    }
    refs.push(credentialRef(ref, start, end));
  }
  return refs.sort((a, b) => a.start - b.start);
}

/**
 * Every match of global expression `re` in `text`, as `matchAll` gives them but without copying the
 * expression on each call (this runs per line). All matches are taken before any is used, so the
 * caller may use `re` again inside its loop.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  // As matchAll: without the global flag, exec would never move on.
  if (!re.global) throw new TypeError(`allMatches needs a global expression: ${re.source}`);
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') re.lastIndex++;
  }
  re.lastIndex = 0;
  return out;
}

/** How many numbers of the ascending list `sorted` are less than `value` (a binary search). */
export function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Splits file text into lines (LF or CRLF): as `split(/\r?\n/)`, without a regular expression per file. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (!text.includes('\r')) return lines;
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i] as string;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * A script whose lines are known when it is made (shell files, crontab and unit commands, GitLab
 * `script:` lists). Every field is set in the constructor, the ones filled in later too: the rules'
 * code then sees scripts of one fixed shape, and V8 need not throw away and recompile it when a
 * script gains its logical lines.
 */
export class LineScript implements Script {
  logical: LogicalLine[] | undefined = undefined;
  nonBlank: number[] | undefined = undefined;

  constructor(
    readonly lines: ScriptLine[],
    readonly shell: boolean,
    readonly secretEnv: ReadonlyMap<string, string>,
    readonly owner: ScriptOwner,
    public joined: string | undefined = undefined,
  ) {}
}

/** A script made of the whole file (shell scripts), starting at line 1, column 1; `text` is the file, if at hand. */
export function fileScript(lines: readonly string[], secretEnv: ReadonlyMap<string, string> = new Map(), text?: string): Script {
  return new LineScript(
    mapped(lines, (line, i) => ({ text: line, line: i + 1, column: 1 })),
    true,
    secretEnv,
    { job: null, step: null },
    text,
  );
}
