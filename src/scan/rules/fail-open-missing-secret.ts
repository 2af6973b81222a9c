// A job that skips successfully when its secret is empty is green exactly in the runs that should
// catch a missing token (incident 2 of DESIGN.md: a drift gate that exited 0 on a missing token).

import type { FileAnalysis } from '../analyze.js';
import type { Confidence } from '../model.js';
import type { Rule, RuleHit } from '../rule.js';
import { forEachScriptLine } from '../rule-helpers.js';
import { assignedVariables } from '../shell.js';
import type { Script } from '../text.js';
import { allMatches, credentialRefs, isAutomaticSecret, locate, type LogicalLine } from '../text.js';
import type { Condition } from '../workflow.js';

/** Emptiness tests: the first needs `-z` (or `! -n`), the others an empty string (`""`, `''`). */
const EMPTY_TEST = [
  /(?:\[\[?|\btest)\s+(?:!\s+-n|-z)\s+["']?(\$\{\{.*?\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*[^"'\s\]]*)/g,
  /\[\[?\s+["']?(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)["']?\s*==?\s*(?:""|'')/g,
  /\[\[?\s+(?:""|'')\s*==?\s*["']?(\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)/g,
];
const PRESENT_OR = /(?:\[\[?|\btest)\s+-n\s+["']?(\$\{\{.*?\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*[^"'\s\]]*)["']?\s*\]?\]?\s*\|\|/g;
const EXIT_OK = /\bexit(?:\s+0)?\s*(?:$|[;}&|)])/;
const EXIT_FAIL = /\bexit\s+(?:[1-9]|\$)|::error|\bfalse\s*$/;
const SETS_OUTPUT = /GITHUB_OUTPUT|::set-output/;
const GUARD = /(!\s*)?\b(?:secrets\.([A-Za-z_][A-Za-z0-9_]*)|env\.([A-Za-z_][A-Za-z0-9_]*))\s*(==|!=)?\s*('[^']*'|"[^"]*"|null|true|false)?/g;

/** The secret a condition requires to be present (`secrets.X != ''`, `env.X`, `env.HAS_X == 'true'`), or null. */
export function presenceGuard(cond: string, secretEnv: ReadonlyMap<string, string>): string | null {
  for (const m of allMatches(GUARD, cond)) {
    const name = m[2]?.toUpperCase() ?? (m[3] ? secretEnv.get(m[3]) : undefined);
    if (!name || isAutomaticSecret(name)) continue;
    const negated = Boolean(m[1]);
    const op = m[4];
    const value = m[5];
    const empty = value === "''" || value === '""' || value === 'null' || value === 'false';
    const presence = op === undefined ? !negated : op === '!=' ? value !== undefined && empty : value !== undefined && !empty && !negated;
    if (presence) return name;
  }
  return null;
}

/** What the branch taken on an empty secret does: `exit` (exit 0), `output` (sets an output), or null. */
function emptyBranch(all: LogicalLine[], index: number, sameLine: string): 'exit' | 'output' | null {
  const tail = sameLine;
  if (/^\s*\]?\]?\s*&&/.test(tail) || /&&\s*\{/.test(tail) || /&&/.test(tail)) {
    if (EXIT_FAIL.test(tail)) return null;
    if (EXIT_OK.test(tail)) return 'exit';
    if (SETS_OUTPUT.test(tail)) return 'output';
  }
  if (!/\bthen\b/.test(tail) && !/^\s*(?:then\b|$)/.test(all[index + 1]?.text ?? 'x')) return null;
  let depth = 0;
  let sawExit = false;
  let sawOutput = false;
  const inline = tail.slice(tail.search(/\bthen\b/) + 4);
  const last = Math.min(index + 40, all.length);
  for (let i = index; i < last; i++) {
    // The rest of the test's own line after `then`, then the lines below it.
    const text = i === index ? inline : (all[i] as LogicalLine).text;
    const t = text.trim();
    if (depth === 0 && /^(?:else|elif|fi)\b/.test(t)) break;
    if (/(?:^|[;\s])if\s/.test(t)) depth++;
    if (/(?:^|[;\s])fi\b/.test(t)) {
      if (depth === 0) {
        const before = t.slice(0, t.search(/(?:^|[;\s])fi\b/));
        if (EXIT_FAIL.test(before)) return null;
        sawExit ||= EXIT_OK.test(before);
        sawOutput ||= SETS_OUTPUT.test(before);
        break;
      }
      depth--;
    }
    if (depth === 0) {
      if (EXIT_FAIL.test(t)) return null;
      sawExit ||= EXIT_OK.test(t);
      sawOutput ||= SETS_OUTPUT.test(t);
    }
  }
  return sawExit ? 'exit' : sawOutput ? 'output' : null;
}

/** Confidence by how the file is started: trusted events only, mixed with fork PRs, or unknown. */
function confidenceFor(file: FileAnalysis): Confidence | null {
  switch (file.trust) {
    case 'untrusted':
      return null;
    case 'trusted':
      return 'high';
    case 'mixed':
      return 'medium';
    case 'unknown':
      return file.kind === 'gitlab-ci' ? 'low' : 'medium';
  }
}

/** Reports `if:` guards that skip a step or job when a secret is empty (once per job and secret). */
function conditionHits(file: FileAnalysis, confidence: Confidence): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const job of file.workflow?.jobs ?? []) {
    const seen = new Map<string, { hit: RuleHit; more: number }>();
    const consider = (cond: Condition | null, env: ReadonlyMap<string, string>, what: string): void => {
      if (!cond) return;
      const secret = presenceGuard(cond.text, env);
      if (!secret) return;
      const prior = seen.get(secret);
      if (prior) {
        prior.more++;
        return;
      }
      const hit: RuleHit = { line: cond.line, column: cond.column, confidence, message: `${what} runs only when ${secret} is set: with the secret missing it is skipped and the run stays green` };
      seen.set(secret, { hit, more: 0 });
    };
    consider(job.if, job.secretEnv, `job "${job.id}"`);
    for (const step of job.steps) consider(step.if, step.secretEnv, `step "${step.name ?? step.uses ?? `#${step.index + 1}`}" of job "${job.id}"`);
    for (const { hit, more } of seen.values()) {
      if (more > 0) hit.message += ` (and ${more} more step${more === 1 ? '' : 's'} with the same guard)`;
      hits.push(hit);
    }
  }
  return hits;
}

/** Whether text can set an output (`GITHUB_OUTPUT`) or test for emptiness (`-z`/`-n`/`""` in `[ ]` or `test`). */
function mayTestEmptiness(text: string): boolean {
  if (text.includes('GITHUB_OUTPUT') || text.includes('::set-output')) return true;
  return (text.includes('-z') || text.includes('-n') || text.includes('""') || text.includes("''")) && (text.includes('[') || text.includes('test'));
}

/** Reports shell tests that exit 0 (or set a skip output) when a secret is empty. */
function scriptHits(file: FileAnalysis, confidence: Confidence): RuleHit[] {
  const hits: RuleHit[] = [];
  const assigned = new Map<Script, Set<string>>();
  /** A variable the script sets itself is not a secret it was given, whatever its name. */
  const local = (script: Script, label: string): boolean => {
    let set = assigned.get(script);
    if (!set) {
      set = assignedVariables([script]);
      assigned.set(script, set);
    }
    return set.has(label.replace(/^\$/, ''));
  };
  forEachScriptLine(file, true, mayTestEmptiness, (script, line, index, all) => {
    const text = line.text;
    if (text.includes('GITHUB_OUTPUT') || text.includes('::set-output')) {
      const m = /\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*!=\s*(?:''|"")\s*\}\}/.exec(text);
      if (m?.[1] && !isAutomaticSecret(m[1])) {
        hits.push({ ...locate(line, m.index), confidence, message: `an output records whether ${m[1].toUpperCase()} is set, so later steps can skip when it is missing and the run stays green` });
        return;
      }
    }
    // Each test below needs its operator (`-z`/`-n`, or an empty string) and starts with `[` or `test`.
    const zn = text.includes('-z') || text.includes('-n');
    const emptyString = text.includes('""') || text.includes("''");
    if ((!zn && !emptyString) || (!text.includes('[') && !text.includes('test'))) return;
    let reported = false;
    for (const [i, pattern] of EMPTY_TEST.entries()) {
      if (reported) break;
      if (i === 0 ? !zn : !emptyString) continue;
      for (const m of allMatches(pattern, text)) {
        const ref = credentialRefs(m[1] ?? '', script.secretEnv).find((r) => !r.automatic && (r.fromSecret || !local(script, r.label)));
        if (!ref) continue;
        const end = m.index + m[0].length;
        const branch = emptyBranch(all, index, text.slice(end));
        if (!branch) continue;
        const what = branch === 'exit' ? 'exits 0' : 'sets an output that skips later steps';
        hits.push({
          ...locate(line, m.index),
          confidence: ref.fromSecret ? confidence : confidence === 'high' ? 'medium' : confidence,
          message: `when ${ref.secret ?? ref.label} is empty the script ${what}: a missing secret passes silently`,
        });
        reported = true;
        break;
      }
    }
    if (reported || !text.includes('||') || !text.includes('-n')) return;
    for (const m of allMatches(PRESENT_OR, text)) {
      const ref = credentialRefs(m[1] ?? '', script.secretEnv).find((r) => !r.automatic && (r.fromSecret || !local(script, r.label)));
      const after = text.slice(m.index + m[0].length);
      if (!ref || EXIT_FAIL.test(after) || !EXIT_OK.test(after)) continue;
      hits.push({ ...locate(line, m.index), confidence, message: `when ${ref.secret ?? ref.label} is empty the script exits 0: a missing secret passes silently` });
      break;
    }
  });
  return hits;
}

/** `fail-open-missing-secret`: a step or job that succeeds by skipping when its secret is empty. */
export const failOpenMissingSecret: Rule = {
  id: 'fail-open-missing-secret',
  title: 'Skips successfully when a secret is missing',
  description:
    'A step or job that checks whether a secret is set and, when it is empty, skips with success (exit 0 after an emptiness test, an if: guard on the secret, an output that skips later steps) turns a missing or unprovisioned token into a green run. In workflows started by trusted events (push, schedule, workflow_dispatch, …) the secret is supposed to be there, so its absence is an incident, not a reason to skip.',
  remedy:
    'Fail closed: replace the skip with `credcanary gate NAME` at the start of the job. It fails with an error annotation when the secret is missing in a trusted run, and only warns (setting `present=false` for later steps) on fork pull requests, which get no secrets by design.',
  severity: 'high',
  confidence: 'high',
  check(file) {
    const confidence = confidenceFor(file);
    if (!confidence) return [];
    return [...conditionHits(file, confidence), ...scriptHits(file, confidence)];
  },
};
