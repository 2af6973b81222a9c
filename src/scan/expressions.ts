// Secrets named in GitHub-style `${{ … }}` expressions of a YAML subtree, each with its exact position.

import type { SecretUse } from './model.js';
import { allMatches, countBelow, isAutomaticSecret } from './text.js';
import { positionAt, type YamlSource } from './yaml-source.js';
import { isScalarNode, type YamlNode, type YamlScalar } from './yaml-tree.js';

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const SECRET_REF = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])|\btoJSON\s*\(\s*secrets\s*\)|\b(?:github|gitea|forgejo)\.token\b/g;

/** Keys whose value is an expression even without `${{ }}`. */
const CONDITION_KEYS = new Set(['if']);

/** Where `secrets` and `.token` occur in a file, found once per file (most scalars hold neither). */
const mentions = new WeakMap<YamlSource, { secrets: number[]; token: number[] }>();

/** Offsets of every occurrence of `word` in `text`, ascending. */
function offsetsOf(text: string, word: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) out.push(i);
  return out;
}

/** Does [start, end) of the file hold `word`, one of whose offsets are in `at`? */
function holds(at: readonly number[], length: number, start: number, end: number): boolean {
  const first = at[countBelow(at, start)];
  return first !== undefined && first + length <= end;
}

/** Can the scalar at [start, end) name a secret or a token (does it hold `secrets` or `.token`)? */
function mayNameSecret(src: YamlSource, start: number, end: number): boolean {
  let found = mentions.get(src);
  if (!found) {
    found = { secrets: offsetsOf(src.text, 'secrets'), token: offsetsOf(src.text, '.token') };
    mentions.set(src, found);
  }
  return holds(found.secrets, 7, start, end) || holds(found.token, 6, start, end);
}

/** Expression bodies in a scalar's source, with their offset in the file. */
function expressionBodies(src: YamlSource, scalar: YamlScalar, isCondition: boolean): { offset: number; body: string }[] {
  if (!mayNameSecret(src, scalar.start, scalar.end)) return [];
  const raw = src.text.slice(scalar.start, scalar.end);
  const out: { offset: number; body: string }[] = [];
  let found = false;
  for (const m of allMatches(EXPRESSION, raw)) {
    found = true;
    out.push({ offset: scalar.start + m.index + 3, body: m[1] ?? '' });
  }
  if (!found && isCondition) out.push({ offset: scalar.start, body: raw });
  return out;
}

/** Secret uses inside one expression body at a file offset. */
function usesInBody(src: YamlSource, offset: number, body: string): SecretUse[] {
  const out: SecretUse[] = [];
  for (const m of allMatches(SECRET_REF, body)) {
    const { line, column } = positionAt(src, offset + m.index);
    // Plain literals, not spreads: this runs for every secret reference of every file.
    if (m[0].startsWith('toJSON')) {
      out.push({ name: '*', via: 'toJSON', line, column });
    } else if (m[0].startsWith('secrets')) {
      const name = (m[1] ?? m[2] ?? '').toUpperCase();
      out.push(isAutomaticSecret(name) ? { name, via: 'expression', line, column, automatic: true } : { name, via: 'expression', line, column });
    } else {
      out.push({ name: 'GITHUB_TOKEN', via: 'expression', line, column, automatic: true });
    }
  }
  return out;
}

/** Every secret a YAML subtree names in expressions (and in `if:` conditions). */
export function secretUsesIn(src: YamlSource, node: YamlNode | null | undefined, condition = false): SecretUse[] {
  if (!node) return [];
  const out: SecretUse[] = [];
  const visit = (scalar: YamlScalar, isCondition: boolean): void => {
    for (const { offset, body } of expressionBodies(src, scalar, isCondition)) out.push(...usesInBody(src, offset, body));
  };
  if (isScalarNode(node)) {
    visit(node, condition);
    return out;
  }
  walkWithKeys(node, null, (scalar, key) => visit(scalar, key !== null && CONDITION_KEYS.has(key)));
  return out;
}

/** Visits every scalar value under `node` (not keys), telling the visitor the map key it sits under. */
function walkWithKeys(node: YamlNode | null, key: string | null, visit: (s: YamlScalar, key: string | null) => void): void {
  if (!node) return;
  if (node.kind === 'scalar') visit(node, key);
  else if (node.kind === 'seq') for (const item of node.items) walkWithKeys(item, key, visit);
  else if (node.kind === 'map') {
    for (const pair of node.pairs) walkWithKeys(pair.value, isScalarNode(pair.key) ? String(pair.key.value) : null, visit);
  }
}
