// Secrets named in GitHub-style `${{ … }}` expressions of a YAML subtree, each with its exact position.

import type { SecretUse } from './model.js';
import { allMatches, isAutomaticSecret } from './text.js';
import { positionAt, type YamlSource } from './yaml-source.js';
import { isScalarNode, type YamlNode, type YamlScalar } from './yaml-tree.js';

const EXPRESSION = /\$\{\{([\s\S]*?)\}\}/g;
const SECRET_REF = /\bsecrets\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*['"]([^'"]+)['"]\s*\])|\btoJSON\s*\(\s*secrets\s*\)|\b(?:github|gitea|forgejo)\.token\b/g;

/** Keys whose value is an expression even without `${{ }}`. */
const CONDITION_KEYS = new Set(['if']);

/** Expression bodies in a scalar's source, with their offset in the file. */
function expressionBodies(src: YamlSource, scalar: YamlScalar, isCondition: boolean): { offset: number; body: string }[] {
  const raw = src.text.slice(scalar.start, scalar.end);
  if (!raw.includes('secrets') && !raw.includes('.token')) return [];
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
    const pos = positionAt(src, offset + m.index);
    if (m[0].startsWith('toJSON')) {
      out.push({ name: '*', via: 'toJSON', ...pos });
    } else if (m[0].startsWith('secrets')) {
      const name = (m[1] ?? m[2] ?? '').toUpperCase();
      out.push({ name, via: 'expression', ...pos, ...(isAutomaticSecret(name) ? { automatic: true } : {}) });
    } else {
      out.push({ name: 'GITHUB_TOKEN', via: 'expression', ...pos, automatic: true });
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
