// The work done once per file: read, analyse, run the rules, apply inline suppressions, and keep only
// what the rest of the scan needs (no YAML tree, no script text), so memory stays flat on big trees.

import { analyzeFile } from './analyze.js';
import { hasUserField } from './crontab.js';
import type { Discovered } from './discover.js';
import type { ProgramUse } from './text.js';
import type { Consumer, ConsumerKind, Diagnostic, FileEntry, Finding, SuppressedFinding } from './model.js';
import { MAX_BYTES, readCandidate, type FileRead } from './read-file.js';
import { runRule, type Rule } from './rule.js';
import { applyInline } from './suppress.js';
import type { TimerContent } from './systemd.js';

const SHELL_SHEBANG = /^#!\s*\S*(?:\/|\s)(?:env\s+)?(?:ba|da|k|z)?sh\b/;

/** What one file contributed to the scan. */
export interface FileOutcome {
  entry: FileEntry | null;
  consumer: Consumer | null;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  diagnostics: Diagnostic[];
  timer: TimerContent | null;
  programs: ProgramUse[];
  includes: string[];
}

const EMPTY: Omit<FileOutcome, 'entry'> = { consumer: null, findings: [], suppressed: [], diagnostics: [], timer: null, programs: [], includes: [] };

/** Decides what an unrecognised file is from its content (shebang, workflow keys), or null. */
export function sniff(path: string, text: string): ConsumerKind | null {
  if (SHELL_SHEBANG.test(text)) return 'script';
  if (/\.ya?ml$/.test(path)) {
    if (/^on\s*:/m.test(text) && /^jobs\s*:/m.test(text)) return 'workflow';
    if (/^\s*script\s*:/m.test(text) && /^stages\s*:/m.test(text)) return 'gitlab-ci';
  }
  return null;
}

/**
 * Outcomes by content: the same bytes at the same kind of place give the same result, whatever the
 * path. Trees that vendor or mirror files (monorepos, backups of many repositories, a corpus copied
 * over and over) then cost one analysis per distinct file. The outcomes kept here are the scan's own,
 * not copies, so keeping them costs only the map: the memo lives for one pass over the files, and the
 * scanner forgets it before it adds anything to them. Bounded, so a huge tree cannot grow it without limit.
 */
const memo = new Map<string, { outcome: FileOutcome; path: string }>();
const MEMO_LIMIT = 20_000;
let memoEnabled = true;

/** Turns the content memo off or on (benchmarks measure both); clears it either way. */
export function setContentMemo(enabled: boolean): void {
  memoEnabled = enabled;
  memo.clear();
}

/** Empties the content memo (the scanner does so around each pass over the files). */
export function forgetContents(): void {
  memo.clear();
}

/** A copy of a memoised outcome for another path (deep, because the scanner adds to consumers later). */
function rebase(outcome: FileOutcome, from: string, to: string): FileOutcome {
  const copy = structuredClone(outcome);
  if (copy.entry) copy.entry.path = to;
  if (copy.consumer) {
    copy.consumer.id = to;
    copy.consumer.path = to;
  }
  for (const f of [...copy.findings, ...copy.suppressed, ...copy.diagnostics]) if (f.file === from) f.file = to;
  return copy;
}

/** The diagnostic for a file that could not be read (an oversized file without a name that says what it is has none). */
function readProblem(file: Discovered, read: Exclude<FileRead, { text: string }>): Diagnostic | null {
  if ('error' in read) return { file: file.path, line: 1, column: 1, message: `cannot read: ${read.error}` };
  return file.kind === 'maybe-script' ? null : { file: file.path, line: 1, column: 1, message: `skipped: larger than ${MAX_BYTES} bytes` };
}

/** Reads and processes one discovered file with `rules` (the registered rules are the only ones memoised). */
export function processFile(file: Discovered, rules: readonly Rule[], memoise = true): FileOutcome {
  return processRead(file, readCandidate(file.abs), rules, memoise);
}

/**
 * Processes one file whose bytes are already read (by this thread or the read-ahead thread). The
 * consumer's forges and notes are left to the scanner, which knows them only once the walk is done.
 */
export function processRead(file: Discovered, read: FileRead, rules: readonly Rule[], memoise = true): FileOutcome {
  if (!('text' in read)) {
    const diagnostic = readProblem(file, read);
    return { ...EMPTY, entry: diagnostic ? { path: file.path, kind: file.kind === 'maybe-script' ? 'script' : file.kind, status: 'error' } : null, diagnostics: diagnostic ? [diagnostic] : [] };
  }
  const text = read.text;
  if (!memoEnabled || !memoise) return analyse(file, text, rules);
  // The file's folder decides its kind, so that is part of the key.
  const key = `${file.kind}|${hasUserField(file.path)}|${file.path.slice(file.path.lastIndexOf('/') + 1)}|${read.digest}`;
  const known = memo.get(key);
  if (known) return rebase(known.outcome, known.path, file.path);
  const outcome = analyse(file, text, rules);
  if (memo.size < MEMO_LIMIT) memo.set(key, { outcome, path: file.path });
  return outcome;
}

/** Analyses and lints one file's text. */
function analyse(file: Discovered, text: string, rules: readonly Rule[]): FileOutcome {
  const kind = file.kind === 'maybe-script' ? sniff(file.path, text) : file.kind;
  if (!kind) return { ...EMPTY, entry: null };
  try {
    return lint(file, kind, text, rules);
  } catch (err) {
    // One odd file must not end the scan of thousands: it is reported as not checked.
    const message = `could not be analysed (please report): ${err instanceof Error ? err.message : String(err)}`;
    return { ...EMPTY, entry: { path: file.path, kind, status: 'error' }, diagnostics: [{ file: file.path, line: 1, column: 1, message }] };
  }
}

/**
 * A copy of `v` that refers only to itself. In V8 a string cut from a longer one (a YAML scalar, a
 * regular-expression group) keeps the whole longer string alive, and a string built by concatenation
 * keeps its parts; so the names and messages each file leaves behind would hold its full text until the
 * scan ends. On the benchmark's 10,000 files that is every file's text moved to the old generation, and
 * about twice the heap. Concatenating and cutting again makes a flat string of its own; V8 copies strings
 * shorter than 13 characters anyway.
 */
function own(v: string): string {
  return v.length >= 13 ? ` ${v}`.slice(1) : v;
}

/** `own`, for a string that may be null. */
function ownOrNull(v: string | null): string | null {
  return v === null ? null : own(v);
}

/**
 * Gives every string a consumer keeps a copy of its own (see `own`), field by field: a walk over every
 * property of every object costs several times as much on big trees. A field added to Consumer and not
 * copied here only costs memory.
 */
function detachConsumer(c: Consumer | null): Consumer | null {
  if (!c) return c;
  for (const t of c.triggers) {
    t.event = own(t.event);
    if (t.cron !== undefined) t.cron = own(t.cron);
  }
  for (const job of c.jobs) {
    job.id = own(job.id);
    if (job.uses !== undefined) job.uses = own(job.uses);
    for (const step of job.steps) {
      step.name = ownOrNull(step.name);
      step.uses = ownOrNull(step.uses);
    }
  }
  for (const use of c.secrets) {
    use.name = own(use.name);
    if (use.through !== undefined) use.through = own(use.through);
  }
  for (const env of c.envFiles) {
    env.path = own(env.path);
    env.keys = env.keys.map(own);
  }
  c.includes = c.includes.map(own);
  c.notes = c.notes.map(own);
  return c;
}

/** Analyses one file's text and runs the rules over it. */
function lint(file: Discovered, kind: ConsumerKind, text: string, rules: readonly Rule[]): FileOutcome {
  const analysis = analyzeFile({ path: file.path, kind, text, forges: file.forges, notes: file.notes });
  const raw = rules.flatMap((r) => runRule(r, analysis));
  // An inline suppression names `credcanary:`; a file without that word keeps every finding as it is.
  const { kept, suppressed, diagnostics } = raw.length > 0 && text.includes('credcanary') ? applyInline(raw, analysis.lines()) : { kept: raw, suppressed: [], diagnostics: [] };
  const failed = analysis.diagnostics.some((d) => /^(YAML|not a workflow)/.test(d.message));
  // Everything kept lives until the scan ends: no string of it may hold on to the file's text (a
  // message built around a name cut from the text holds that name, and the name holds the text).
  for (const f of kept) f.message = own(f.message);
  for (const f of suppressed) {
    f.message = own(f.message);
    f.reason = own(f.reason);
  }
  const allDiagnostics = [...analysis.diagnostics, ...diagnostics];
  for (const d of allDiagnostics) d.message = own(d.message);
  const timer = analysis.timer;
  if (timer) {
    for (const t of timer.triggers) {
      t.event = own(t.event);
      if (t.cron !== undefined) t.cron = own(t.cron);
    }
    timer.unit = ownOrNull(timer.unit);
  }
  return {
    entry: { path: file.path, kind, status: failed ? 'error' : 'ok' },
    consumer: detachConsumer(analysis.consumer),
    findings: kept,
    suppressed,
    diagnostics: allDiagnostics,
    timer,
    programs: analysis.programs.map((p) => ({ ...p, program: own(p.program) })),
    includes: analysis.includes.map(own),
  };
}
