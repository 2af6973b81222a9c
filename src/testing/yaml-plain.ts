// Trees from every YAML path as plain objects, so tests compare them with `toEqual`: the block parser's
// block scalars are class instances whose value is a getter, which `toEqual` does not read.

import type { YamlNode } from '../scan/yaml-tree.js';

/** A copy of `node` made of plain objects only (each scalar's value read). */
export function plainTree(node: YamlNode | null | undefined): unknown {
  if (!node) return node ?? null;
  if (node.kind === 'scalar') return { kind: 'scalar', start: node.start, end: node.end, style: node.style, value: node.value };
  if (node.kind === 'alias') return { kind: 'alias', start: node.start };
  if (node.kind === 'seq') return { kind: 'seq', start: node.start, items: node.items.map(plainTree) };
  return { kind: 'map', start: node.start, pairs: node.pairs.map((p) => ({ key: plainTree(p.key), value: plainTree(p.value) })) };
}
