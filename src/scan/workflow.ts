// GitHub / Gitea / Forgejo workflows and composite actions: triggers, jobs, steps, and every secret
// each step reads, directly or through an env var mapped from a secret.

import type { Position, SecretUse, Trigger } from './model.js';
import { mapped } from './arrays.js';
import { secretUsesIn } from './expressions.js';
import { allMatches, stripShellComment, type LogicalLine, type Script, type ScriptLine } from './text.js';
import { child, entries, items, keyNode, positionOf, scalarLines, scalarText, type YamlSource } from './yaml-source.js';
import { isMapNode, isScalarNode, type YamlNode, type YamlPair, type YamlScalar } from './yaml-tree.js';

/** An `if:` condition with where it is written. */
export interface Condition extends Position {
  text: string;
}

/** What the job's GITHUB_TOKEN may do: `default` when no `permissions:` says (often write). */
export type TokenPermission = 'default' | 'read' | 'write';

/** One step of a workflow job. */
export interface WorkflowStep extends Position {
  index: number;
  id: string | null;
  name: string | null;
  uses: string | null;
  if: Condition | null;
  /** Where `continue-on-error: true` is written, when it is. */
  continueOnError: Position | null;
  run: Script | null;
  /** `with:` inputs: key → value text and position. */
  with: ReadonlyMap<string, Condition>;
  /** Secrets this step reads (expressions in the step, mapped env vars its script or expressions read). */
  secrets: SecretUse[];
  /** Env var → secret for everything in scope (workflow, job, step env). */
  secretEnv: Map<string, string>;
}

/** One job of a workflow. */
export interface WorkflowJob extends Position {
  id: string;
  uses: string | null;
  /** Where `secrets: inherit` is written. */
  secretsInherit: Position | null;
  if: Condition | null;
  continueOnError: Position | null;
  permissions: TokenPermission;
  steps: WorkflowStep[];
  /** Secrets the job reads anywhere (its own keys and every step). */
  secrets: SecretUse[];
  secretEnv: Map<string, string>;
}

/** A parsed workflow (or composite action, as one job named `composite`). */
export interface Workflow {
  triggers: Trigger[];
  permissions: TokenPermission;
  jobs: WorkflowJob[];
  reusable: boolean;
  composite: boolean;
  /** Every script and plain value the rules read. */
  scripts: Script[];
}

/** Reads `on:` into triggers (a string, a list, or a map whose `schedule` holds crons). */
function readTriggers(src: YamlSource, on: YamlNode | undefined): Trigger[] {
  if (!on) return [];
  const out: Trigger[] = [];
  const event = scalarText(on);
  if (event !== null) return [{ event, ...positionOf(src, on) }];
  for (const item of items(on)) {
    const name = scalarText(item);
    if (name !== null) out.push({ event: name, ...positionOf(src, item) });
  }
  for (const [name, value, key] of entries(on)) {
    if (name === 'schedule') {
      const crons: YamlNode[] = [];
      for (const entry of items(value)) {
        const cron = child(entry, 'cron');
        if (cron !== undefined) crons.push(cron);
      }
      if (crons.length === 0) out.push({ event: name, ...positionOf(src, key) });
      for (const cron of crons) out.push({ event: name, cron: scalarText(cron) ?? '', ...positionOf(src, cron) });
    } else {
      out.push({ event: name, ...positionOf(src, key) });
    }
  }
  return out;
}

/** Reads `permissions:` (absent → default). */
function readPermissions(node: YamlNode | undefined, inherited: TokenPermission): TokenPermission {
  if (node === undefined) return inherited;
  const text = scalarText(node);
  if (text !== null) return text === 'write-all' ? 'write' : 'read';
  if (isMapNode(node)) return entries(node).some(([, v]) => scalarText(v) === 'write') ? 'write' : 'read';
  return inherited;
}

/** An `if:` condition node as text with position. */
function readCondition(src: YamlSource, node: YamlNode | undefined): Condition | null {
  if (!node || !isScalarNode(node)) return null;
  return { text: String(node.value ?? ''), ...positionOf(src, node) };
}

/** `continue-on-error: true` (literal true only; an expression may be false at run time). */
function readContinueOnError(src: YamlSource, node: YamlNode | undefined): Position | null {
  if (!node || !isScalarNode(node)) return null;
  return node.value === true || node.value === 'true' ? positionOf(src, node) : null;
}

/** Env vars of an `env:` map whose value reads a secret, added to `into`. */
function mapEnv(src: YamlSource, env: YamlNode | undefined, into: Map<string, string>): void {
  for (const [name, value] of entries(env)) {
    const uses = secretUsesIn(src, value);
    const first = uses.find((u) => u.name !== '*') ?? uses[0];
    if (first) into.set(name, first.name);
    else into.delete(name);
  }
}

const VAR_REF = /\$\{?([A-Za-z_][A-Za-z0-9_]*)|\benv\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** Secrets a step reads through mapped env vars: `$X`/`${X}` in its script, `env.X` in its expressions. */
function envUses(lines: { text: string; line: number; column: number }[], secretEnv: Map<string, string>, shell: boolean): SecretUse[] {
  if (secretEnv.size === 0) return [];
  const out: SecretUse[] = [];
  for (const l of lines) {
    // A reference needs `$` or `env.`; most lines have neither.
    if (!l.text.includes('$') && !l.text.includes('env.')) continue;
    const text = shell ? stripShellComment(l.text) : l.text;
    for (const m of allMatches(VAR_REF, text)) {
      const through = m[1] ?? m[2] ?? '';
      const name = secretEnv.get(through);
      if (name) out.push({ name, via: 'env', through, line: l.line, column: l.column + m.index });
    }
  }
  return out;
}

/**
 * A script made of one scalar (a `run:`, a `with:` or `env:` value). Its lines are made only when read:
 * the rules test its text as written first (which holds every word of its lines), and most scripts hold
 * none of the words they look for.
 */
class ScalarScript implements Script {
  readonly joined: string;
  logical?: LogicalLine[];
  nonBlank?: number[];
  private made: ScriptLine[] | undefined;

  constructor(
    private readonly src: YamlSource,
    private readonly node: YamlScalar,
    readonly shell: boolean,
    readonly secretEnv: ReadonlyMap<string, string>,
    readonly owner: Script['owner'],
  ) {
    const block = node.style === 'literal' || node.style === 'folded';
    const raw = src.text.slice(node.start, node.end);
    // One line: its value, as its only line says; several: the text as written.
    this.joined = block || raw.includes('\n') ? raw : String(node.value ?? '');
  }

  /** The scalar's lines with their file positions. */
  get lines(): ScriptLine[] {
    if (this.made === undefined) this.made = scalarLines(this.src, this.node);
    return this.made;
  }
}

/** Adds the plain (non-shell) values of a map to `scripts`, for text rules (`with:`, `env:`). */
function addValueScripts(scripts: Script[], src: YamlSource, node: YamlNode | undefined, secretEnv: Map<string, string>, owner: Script['owner']): void {
  if (!isMapNode(node)) return;
  for (const pair of node.pairs) {
    const value = pair.value;
    if (value && isScalarNode(value) && isScalarNode(pair.key)) scripts.push(new ScalarScript(src, value, false, secretEnv, owner));
  }
}

/** The value nodes of the keys a step or a job is read by. */
interface KeyNodes {
  env: YamlNode | undefined;
  with: YamlNode | undefined;
  if: YamlNode | undefined;
  run: YamlNode | undefined;
  id: YamlNode | undefined;
  name: YamlNode | undefined;
  uses: YamlNode | undefined;
  continueOnError: YamlNode | undefined;
  steps: YamlNode | undefined;
  secrets: YamlNode | undefined;
  permissions: YamlNode | undefined;
}

/** A step's or job's nodes by key, in one pass over its pairs (as `child`: the first of duplicate keys wins). */
function keyNodes(node: YamlNode | null): KeyNodes {
  const out: KeyNodes = { env: undefined, with: undefined, if: undefined, run: undefined, id: undefined, name: undefined, uses: undefined, continueOnError: undefined, steps: undefined, secrets: undefined, permissions: undefined };
  if (!isMapNode(node)) return out;
  // Backwards, so that the first of duplicate keys is the one left.
  for (let i = node.pairs.length - 1; i >= 0; i--) {
    const pair = node.pairs[i] as YamlPair;
    if (pair.key.kind !== 'scalar') continue;
    const value = pair.value ?? undefined;
    switch (pair.key.value) {
      case 'env': out.env = value; break;
      case 'with': out.with = value; break;
      case 'if': out.if = value; break;
      case 'run': out.run = value; break;
      case 'id': out.id = value; break;
      case 'name': out.name = value; break;
      case 'uses': out.uses = value; break;
      case 'continue-on-error': out.continueOnError = value; break;
      case 'steps': out.steps = value; break;
      case 'secrets': out.secrets = value; break;
      case 'permissions': out.permissions = value; break;
    }
  }
  return out;
}

/** The inputs of a step without `with:`. */
const NO_INPUTS: ReadonlyMap<string, Condition> = new Map();

/** Reads one step. */
function readStep(src: YamlSource, node: YamlNode, index: number, jobId: string, inherited: Map<string, string>, scripts: Script[]): WorkflowStep {
  const keys = keyNodes(node);
  const envNode = keys.env;
  const withNode = keys.with;
  const ifNode = keys.if;
  // Most steps have no env of their own and share their job's map.
  let secretEnv = inherited;
  if (envNode) {
    secretEnv = new Map(inherited);
    mapEnv(src, envNode, secretEnv);
  }
  const owner = { job: jobId, step: index };
  const runNode = keys.run;
  const run: Script | null = runNode && isScalarNode(runNode) ? new ScalarScript(src, runNode, true, secretEnv, owner) : null;
  if (run) scripts.push(run);
  addValueScripts(scripts, src, withNode, secretEnv, owner);
  addValueScripts(scripts, src, envNode, secretEnv, owner);
  // Most steps have no `with:`; they share one empty map, which nothing adds to after this.
  let withMap = NO_INPUTS;
  if (withNode) {
    const inputs = new Map<string, Condition>();
    for (const [key, value] of entries(withNode)) {
      if (value && isScalarNode(value)) inputs.set(key, { text: String(value.value ?? ''), ...positionOf(src, value) });
    }
    withMap = inputs;
  }
  const secrets = secretUsesIn(src, node);
  // Mapped env vars are read through `$X` in the script or `env.X` in expressions; without any, there is nothing to find.
  if (secretEnv.size > 0) {
    const exprLines = [withNode, ifNode]
      .filter((n): n is YamlNode => n !== undefined)
      .flatMap((n) => (isScalarNode(n) ? scalarLines(src, n) : entries(n).flatMap(([, v]) => (v && isScalarNode(v) ? scalarLines(src, v) : []))));
    if (run) secrets.push(...envUses(run.lines, secretEnv, true));
    secrets.push(...envUses(exprLines, secretEnv, false).filter((u) => u.through !== undefined));
  }
  return {
    index,
    id: scalarText(keys.id),
    name: scalarText(keys.name),
    uses: scalarText(keys.uses),
    if: readCondition(src, ifNode),
    continueOnError: readContinueOnError(src, keys.continueOnError),
    run,
    with: withMap,
    secrets,
    secretEnv,
    ...positionOf(src, node),
  };
}

/** Reads one job (`steps:` jobs and reusable-workflow calls). */
function readJob(src: YamlSource, id: string, key: YamlNode, node: YamlNode | null, inherited: Map<string, string>, permissions: TokenPermission, scripts: Script[]): WorkflowJob {
  const keys = keyNodes(node);
  const secretEnv = new Map(inherited);
  mapEnv(src, keys.env, secretEnv);
  const owner = { job: id, step: null };
  addValueScripts(scripts, src, keys.with, secretEnv, owner);
  addValueScripts(scripts, src, keys.env, secretEnv, owner);
  const steps = mapped(items(keys.steps), (s, i) => readStep(src, s, i, id, secretEnv, scripts));
  const secretsNode = keys.secrets;
  const inherit = scalarText(secretsNode) === 'inherit' && secretsNode ? positionOf(src, secretsNode) : null;
  const ownSecrets: SecretUse[] = [];
  if (isMapNode(node)) {
    for (const pair of node.pairs) {
      if (pair.key.kind !== 'scalar' || pair.key.value === 'steps') continue;
      ownSecrets.push(...secretUsesIn(src, pair.value, pair.key.value === 'if'));
    }
  }
  if (inherit) ownSecrets.push({ name: '*', via: 'inherit', ...inherit });
  for (const step of steps) ownSecrets.push(...step.secrets);
  return {
    id,
    uses: scalarText(keys.uses),
    secretsInherit: inherit,
    if: readCondition(src, keys.if),
    continueOnError: readContinueOnError(src, keys.continueOnError),
    permissions: readPermissions(keys.permissions, permissions),
    steps,
    secrets: ownSecrets,
    secretEnv,
    ...positionOf(src, key),
  };
}

/** Reads a workflow document (GitHub, Gitea and Forgejo share the format). */
export function readWorkflow(src: YamlSource): Workflow {
  const root = src.root;
  const scripts: Script[] = [];
  const runs = child(root, 'runs');
  if (runs && scalarText(child(runs, 'using')) === 'composite') {
    const job = readJob(src, 'composite', keyNode(root, 'runs') ?? runs, runs, new Map(), 'default', scripts);
    return { triggers: [], permissions: 'default', jobs: [job], reusable: false, composite: true, scripts };
  }
  const triggers = readTriggers(src, child(root, 'on'));
  const permissions = readPermissions(child(root, 'permissions'), 'default');
  const env = new Map<string, string>();
  mapEnv(src, child(root, 'env'), env);
  addValueScripts(scripts, src, child(root, 'env'), env, { job: null, step: null });
  const jobs = mapped(entries(child(root, 'jobs')), ([id, node, key]) => readJob(src, id, key, node, env, permissions, scripts));
  return { triggers, permissions, jobs, reusable: triggers.some((t) => t.event === 'workflow_call'), composite: false, scripts };
}

/** Does the document look like a workflow (has `jobs:` or `on:`) or a composite action? */
export function looksLikeWorkflow(src: YamlSource): boolean {
  const root = src.root;
  return isMapNode(root) && (child(root, 'jobs') !== undefined || child(root, 'on') !== undefined || child(root, 'runs') !== undefined);
}

/** The workflow-level secret uses in `env:` and other top keys outside jobs. */
export function topLevelSecretUses(src: YamlSource): SecretUse[] {
  const root = src.root;
  return entries(root)
    .filter(([k]) => k !== 'jobs' && k !== 'runs')
    .flatMap(([, v]) => secretUsesIn(src, v));
}

