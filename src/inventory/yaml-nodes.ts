import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { PathSegment } from './paths.js';

/** Which part of a document location an issue points at. */
export type Anchor =
  /** the value at the path (a wrong type or value) */
  | 'value'
  /** the key of the path's last step (an unknown or misnamed key) */
  | 'key'
  /** the mapping that should have held the path's last step (a missing key) */
  | 'parent';

/** 1-based line and column. */
export interface LineColumn {
  line: number;
  column: number;
}

interface Step {
  node: Node | null;
  pair: Pair | null;
}

/** Maps paths in the parsed document back to source positions, following aliases. */
export class NodeLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The position an issue at `path` should point at; falls back to the nearest enclosing node that exists. */
  position(path: readonly PathSegment[], anchor: Anchor): LineColumn {
    const target = anchor === 'parent' ? path.slice(0, -1) : path;
    const steps = this.walk(target);
    const last = steps[steps.length - 1] as Step;
    const complete = steps.length === target.length + 1;
    if (complete && anchor === 'key' && last.pair?.key) return this.at(last.pair.key as Node);
    // `key:` with no value: the empty scalar sits after the colon, so point at the key a person reads.
    const empty = isScalar(last.node) && last.node.value === null && last.node.range?.[0] === last.node.range?.[1];
    if (complete && last.node && !(empty && last.pair?.key)) return this.at(last.node);
    if (complete && last.pair?.key) return this.at(last.pair.key as Node);
    // The path runs past what the document holds: point at the deepest thing that is there.
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i] as Step;
      if (step.node) return this.at(step.node);
      if (step.pair?.key) return this.at(step.pair.key as Node);
    }
    return { line: 1, column: 1 };
  }

  /** The position of a byte offset in the source. */
  offset(offset: number): LineColumn {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private at(node: Node): LineColumn {
    return this.offset(node.range?.[0] ?? 0);
  }

  private resolve(node: unknown): Node | null {
    let current = node;
    // Bounded: an alias chain longer than this is a cycle the parser already reported.
    for (let hops = 0; hops < 100 && isAlias(current); hops++) current = current.resolve(this.doc) ?? null;
    return (current as Node | null) ?? null;
  }

  private walk(path: readonly PathSegment[]): Step[] {
    const steps: Step[] = [{ node: this.resolve(this.doc.contents), pair: null }];
    for (const segment of path) {
      const node = (steps[steps.length - 1] as Step).node;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        steps.push({ node: this.resolve(pair.value), pair });
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        steps.push({ node: this.resolve(item), pair: null });
      } else {
        break;
      }
    }
    return steps;
  }
}
