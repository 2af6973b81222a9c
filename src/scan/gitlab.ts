// `.gitlab-ci.yml` (and the local files it includes): jobs, their scripts, variables and triggers.

import type { JobSummary, Position, Trigger } from './model.js';
import { LineScript, type Script } from './text.js';
import { child, entries, items, positionAt, positionOf, scalarLines, scalarText, type YamlSource } from './yaml-source.js';
import { isScalarNode, isSeqNode, type YamlNode } from './yaml-tree.js';

/** Top-level keys that configure the pipeline rather than define a job. */
const RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'types', 'pages:deploy']);
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

/** What one GitLab CI file holds. */
export interface GitlabContent {
  jobs: JobSummary[];
  scripts: Script[];
  triggers: Trigger[];
  /** Local files named by `include:`, as written, with positions. */
  includes: (Position & { path: string })[];
  /** Variables the file defines itself (not secrets: their values are in the file). */
  defined: Set<string>;
}

/** Script lines of a `script:` value (a string, or a list of strings and nested lists). */
function scriptLines(src: YamlSource, node: YamlNode | undefined | null): Script['lines'] {
  if (!node) return [];
  if (isScalarNode(node)) return scalarLines(src, node);
  if (isSeqNode(node)) return items(node).flatMap((n) => scriptLines(src, n));
  return [];
}

/** Reads `include:` entries that name local files. */
function readIncludes(src: YamlSource, node: YamlNode | undefined): GitlabContent['includes'] {
  if (!node) return [];
  const list = isSeqNode(node) ? items(node) : [node];
  const out: GitlabContent['includes'] = [];
  for (const entry of list) {
    const text = scalarText(entry);
    const local = text ?? scalarText(child(entry, 'local'));
    const at = text !== null ? entry : child(entry, 'local');
    // Remote, project and template includes live elsewhere; a bare string is local when it is a path.
    if (local && !/^https?:\/\//.test(local) && at) out.push({ path: local, ...positionOf(src, at) });
  }
  return out;
}

/** Events a file's `rules:`/`only:` mention (`$CI_PIPELINE_SOURCE == "schedule"`, `only: [schedules]`). */
function readTriggers(src: YamlSource, root: YamlNode | null): Trigger[] {
  const out: Trigger[] = [];
  const seen = new Set<string>();
  const text = src.text;
  for (const m of text.matchAll(/\$CI_PIPELINE_SOURCE\s*==\s*["']([a-z_]+)["']/g)) {
    const event = m[1] ?? '';
    if (seen.has(event)) continue;
    seen.add(event);
    out.push({ event, ...positionAt(src, m.index) });
  }
  for (const [, job] of entries(root)) {
    for (const item of items(child(job, 'only'))) {
      const v = scalarText(item);
      if ((v === 'schedules' || v === 'merge_requests' || v === 'web' || v === 'triggers') && !seen.has(v)) {
        seen.add(v);
        out.push({ event: v === 'schedules' ? 'schedule' : v, ...positionOf(src, item) });
      }
    }
  }
  if (!seen.has('push')) out.unshift({ event: 'push', line: 1, column: 1 });
  return out;
}

/** Reads one GitLab CI file. */
export function readGitlab(src: YamlSource): GitlabContent {
  const root = src.root;
  const defined = new Set<string>();
  for (const [name] of entries(child(root, 'variables'))) defined.add(name);
  const jobs: JobSummary[] = [];
  const scripts: Script[] = [];
  for (const key of SCRIPT_KEYS) {
    const lines = scriptLines(src, child(root, key));
    if (lines.length > 0) scripts.push(new LineScript(lines, true, new Map(), { job: null, step: null }));
  }
  for (const [id, node, keyNode] of entries(root)) {
    if (RESERVED.has(id) || !node) continue;
    for (const [name] of entries(child(node, 'variables'))) defined.add(name);
    const steps: JobSummary['steps'] = [];
    for (const k of SCRIPT_KEYS) {
      const script = child(node, k);
      if (script !== undefined) steps.push({ name: k, uses: null, ...positionOf(src, script) });
    }
    if (steps.length === 0 && child(node, 'trigger') === undefined && child(node, 'extends') === undefined) continue;
    jobs.push({ id, steps, ...positionOf(src, keyNode) });
    for (const k of SCRIPT_KEYS) {
      const lines = scriptLines(src, child(node, k));
      if (lines.length > 0) scripts.push(new LineScript(lines, true, new Map(), { job: id, step: null }));
    }
  }
  return { jobs, scripts, triggers: readTriggers(src, root), includes: readIncludes(src, child(root, 'include')), defined };
}
