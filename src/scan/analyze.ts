// One file in, one analysis out: its consumer (if it is one), the script text rules read, and any
// problem reading it. Pure: the scanner does the I/O and links files together afterwards.

import { list, mapped } from './arrays.js';
import type { Consumer, ConsumerKind, Diagnostic, Forge, SecretUse } from './model.js';
import { readCrontab, hasUserField } from './crontab.js';
import { readGitlab } from './gitlab.js';
import { assignedVariables, environmentSecrets, sourcedEnvFiles } from './shell.js';
import { readService, readTimer, type TimerContent } from './systemd.js';
import { fileScript, splitLines, type ProgramUse, type Script } from './text.js';
import { looksLikeWorkflow, readWorkflow, topLevelSecretUses, type Workflow } from './workflow.js';
import { parseYaml } from './yaml-source.js';

/** Whether the events that start a consumer normally receive its secrets. */
export type Trust = 'trusted' | 'untrusted' | 'mixed' | 'unknown';

/** Events whose runs may lack secrets by design (fork pull requests get none). */
export const UNTRUSTED_EVENTS: ReadonlySet<string> = new Set(['pull_request', 'pull_request_review', 'pull_request_review_comment']);

/** A file to analyse. */
export interface FileInput {
  path: string;
  kind: ConsumerKind;
  text: string;
  forges: Forge[];
  notes: string[];
}

/** Everything the rules and the scanner need to know about one file. */
export interface FileAnalysis {
  path: string;
  kind: ConsumerKind;
  /**
   * The file's lines, split on the first call (only inline suppressions and shell files need them). A
   * function, not a getter defined on each analysis: V8 gives every object with its own getter a hidden
   * class of its own, kept in the old generation with the getter and the text it holds until the next
   * full collection (half the scan's garbage-collection work, measured).
   */
  readonly lines: () => readonly string[];
  consumer: Consumer | null;
  scripts: Script[];
  workflow: Workflow | null;
  trust: Trust;
  diagnostics: Diagnostic[];
  /** Local files a GitLab CI file includes (as written). */
  includes: string[];
  /** For `.timer` files: its schedules and the service it starts. */
  timer: TimerContent | null;
  /** For `.service` files and crontabs: programs their Exec or schedule lines start. */
  programs: ProgramUse[];
}

/** Trust of a set of trigger events. */
export function trustOf(events: readonly string[]): Trust {
  let relevant = 0;
  let untrusted = 0;
  for (const e of events) {
    if (e === 'workflow_call') continue;
    relevant++;
    if (UNTRUSTED_EVENTS.has(e)) untrusted++;
  }
  if (relevant === 0) return 'unknown';
  if (untrusted === 0) return 'trusted';
  return untrusted === relevant ? 'untrusted' : 'mixed';
}

/** Removes repeated secret uses (same name, place and route). */
function uniqueUses(uses: SecretUse[]): SecretUse[] {
  const seen = new Set<string>();
  const out = list<SecretUse>();
  for (const u of uses) {
    const key = `${u.name}|${u.line}|${u.column}|${u.via}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
}

/** A consumer with nothing filled in yet. */
function emptyConsumer(input: FileInput, kind: ConsumerKind): Consumer {
  return { id: input.path, path: input.path, kind, forges: input.forges, notes: input.notes, triggers: list(), jobs: list(), secrets: list(), envFiles: list(), includes: list() };
}

/** GitLab's own variables: predefined, never a user secret (except the job token family). */
function isPredefined(name: string): boolean {
  return /^(CI|GITLAB|FF)_/.test(name) && !/^CI_(JOB_TOKEN|REGISTRY_PASSWORD|DEPLOY_PASSWORD)$/.test(name);
}

/** An analysis before its lazily split `lines` are attached. */
type Analysis = Omit<FileAnalysis, 'lines'>;

/** Analyses one file. Never throws for bad content: problems become diagnostics. */
export function analyzeFile(input: FileInput): FileAnalysis {
  // Most files have no finding to check for an inline suppression: splitting them all is wasted work.
  let split: string[] | undefined;
  const lines = (): string[] => (split ??= splitLines(input.text));
  const a = analyzeByKind(input, lines);
  // One literal for every kind of file: the rules and the scanner then read analyses of one hidden class
  // (spreads of the per-kind results gave a class per kind, and their reads went megamorphic).
  return {
    path: a.path,
    kind: a.kind,
    lines,
    consumer: a.consumer,
    scripts: a.scripts,
    workflow: a.workflow,
    trust: a.trust,
    diagnostics: a.diagnostics,
    includes: a.includes,
    timer: a.timer,
    programs: a.programs,
  };
}

/** The analysis of one file by its kind (`lines` splits the text on demand). */
function analyzeByKind(input: FileInput, lines: () => string[]): Analysis {
  const base: Analysis = {
    path: input.path,
    kind: input.kind,
    consumer: null,
    scripts: list(),
    workflow: null,
    trust: 'unknown',
    diagnostics: list(),
    includes: list(),
    timer: null,
    programs: list(),
  };
  switch (input.kind) {
    case 'workflow':
    case 'reusable-workflow':
    case 'composite-action':
      return analyzeWorkflow(input, base);
    case 'gitlab-ci':
      return analyzeGitlab(input, base);
    case 'crontab': {
      const cron = readCrontab(input.text, hasUserField(input.path));
      const consumer = emptyConsumer(input, 'crontab');
      consumer.triggers = cron.triggers;
      consumer.jobs = cron.jobs;
      consumer.envFiles = cron.scripts.flatMap(sourcedEnvFiles);
      consumer.secrets = uniqueUses([...cron.envSecrets, ...cron.fileSecrets, ...environmentSecrets(cron.scripts, assignedVariables(cron.scripts))]);
      const diagnostics = cron.invalid.map((d) => ({ file: input.path, ...d }));
      return { ...base, consumer, scripts: cron.scripts, trust: 'trusted', diagnostics, programs: cron.programs };
    }
    case 'systemd': {
      if (input.path.endsWith('.timer')) return { ...base, timer: readTimer(input.text), trust: 'trusted' };
      const service = readService(input.text);
      const consumer = emptyConsumer(input, 'systemd');
      consumer.envFiles = [...service.envFiles, ...service.scripts.flatMap(sourcedEnvFiles)];
      consumer.secrets = uniqueUses([...service.envSecrets, ...environmentSecrets(service.scripts, assignedVariables(service.scripts))]);
      consumer.jobs = [{ id: input.path.split('/').pop() ?? input.path, line: 1, column: 1, steps: mapped(service.scripts, (s) => ({ name: s.owner.job, uses: null, line: s.lines[0]?.line ?? 1, column: s.lines[0]?.column ?? 1 })) }];
      return { ...base, consumer, scripts: service.scripts, trust: 'trusted', programs: service.programs };
    }
    case 'script': {
      const script = fileScript(lines(), new Map(), input.text);
      const consumer = emptyConsumer(input, 'script');
      consumer.envFiles = sourcedEnvFiles(script);
      consumer.secrets = environmentSecrets([script], assignedVariables([script]));
      return { ...base, consumer, scripts: [script] };
    }
  }
}

/** Workflows, reusable workflows and composite actions. */
function analyzeWorkflow(input: FileInput, base: Analysis): Analysis {
  const { source, diagnostics } = parseYaml(input.text, input.path);
  if (!source) return { ...base, diagnostics };
  if (!looksLikeWorkflow(source)) {
    if (input.kind === 'composite-action') return base;
    return { ...base, diagnostics: [{ file: input.path, line: 1, column: 1, message: 'not a workflow: expected `on:` and `jobs:` at the top level' }] };
  }
  const workflow = readWorkflow(source);
  if (input.kind === 'composite-action' && !workflow.composite) return base;
  const kind: ConsumerKind = workflow.composite ? 'composite-action' : workflow.reusable ? 'reusable-workflow' : 'workflow';
  const consumer = emptyConsumer(input, kind);
  consumer.triggers = workflow.triggers;
  consumer.jobs = mapped(workflow.jobs, (j) => ({
    id: j.id,
    line: j.line,
    column: j.column,
    ...(j.uses ? { uses: j.uses } : {}),
    steps: mapped(j.steps, (s) => ({ name: s.name, uses: s.uses, line: s.line, column: s.column })),
  }));
  consumer.secrets = uniqueUses([...topLevelSecretUses(source), ...workflow.jobs.flatMap((j) => j.secrets)]);
  consumer.envFiles = workflow.scripts.filter((s) => s.shell).flatMap(sourcedEnvFiles);
  return { ...base, consumer, workflow, scripts: workflow.scripts, trust: trustOf(mapped(workflow.triggers, (t) => t.event)) };
}

/** `.gitlab-ci.yml` and the local files it includes. */
function analyzeGitlab(input: FileInput, base: Analysis): Analysis {
  const { source, diagnostics } = parseYaml(input.text, input.path);
  if (!source) return { ...base, diagnostics };
  const gitlab = readGitlab(source);
  const consumer = emptyConsumer(input, 'gitlab-ci');
  consumer.triggers = gitlab.triggers;
  consumer.jobs = gitlab.jobs;
  const local = new Set([...gitlab.defined, ...assignedVariables(gitlab.scripts)]);
  consumer.secrets = environmentSecrets(gitlab.scripts, local, isPredefined);
  consumer.envFiles = gitlab.scripts.flatMap(sourcedEnvFiles);
  consumer.includes = gitlab.includes.map((i) => i.path);
  return { ...base, consumer, scripts: gitlab.scripts, includes: consumer.includes, trust: 'unknown' };
}
