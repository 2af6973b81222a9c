import { globalRegistry } from 'zod/mini';
import type * as z from 'zod/mini';

// Plain-words descriptions of what a schema expects and of what the file held, for error messages
// such as `expected a list of strings, got a mapping`.

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Record<string, unknown>;

function defOf(schema: Schema): Def {
  return schema._zod.def as Def;
}

/** The schema with optional/default/readonly wrappers removed. */
export function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'readonly' || def.type === 'prefault') {
      current = def['innerType'] as Schema;
    } else if (def.type === 'pipe') {
      current = def['in'] as Schema;
    } else {
      return current;
    }
  }
}

/** The keys an object schema accepts (for a union, any branch's), or an empty list for anything else. */
export function objectKeys(schema: Schema): string[] {
  const def = defOf(unwrap(schema));
  if (def.type === 'object') return Object.keys(def['shape'] as object);
  if (def.type === 'union') return [...new Set((def['options'] as Schema[]).flatMap(objectKeys))];
  return [];
}

/** The branches of a union schema, or undefined when it is not one. */
export function unionOptions(schema: Schema): readonly Schema[] | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'union' ? (def['options'] as Schema[]) : undefined;
}

/** The schema found by following `path` from `root` (through records, arrays and the union branch that has the key). */
export function schemaAt(root: Schema, path: readonly (string | number)[]): Schema | undefined {
  let current: Schema | undefined = root;
  for (let i = 0; i < path.length && current; i++) {
    const segment = path[i] as string | number;
    const schema = unwrap(current);
    const def = defOf(schema);
    if (def.type === 'object') {
      current = (def['shape'] as Record<string, Schema>)[String(segment)];
    } else if (def.type === 'record') {
      current = def['valueType'] as Schema;
    } else if (def.type === 'array') {
      current = def['element'] as Schema;
    } else if (def.type === 'union') {
      const rest = path.slice(i);
      return (def['options'] as Schema[]).map((option) => schemaAt(option, rest)).find((found) => found !== undefined);
    } else {
      return undefined;
    }
  }
  return current;
}

function humanList(items: readonly string[], last = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] as string}`;
}

/** `a list of strings`, `one of pull, push, admin`, `an http(s) URL`: what a schema accepts, in plain words. */
export function describeExpected(schema: Schema): string {
  // Descriptions live in zod's registry (the mini API has no `.description` getter on schemas).
  const description = globalRegistry.get(schema)?.description;
  if (description) return description;
  const inner = unwrap(schema);
  const innerDescription = globalRegistry.get(inner)?.description;
  if (innerDescription) return innerDescription;
  const def = defOf(inner);
  switch (def.type) {
    case 'string':
      if (def['format'] === 'url') return 'a URL';
      if (def['format'] === 'email') return 'an email address';
      return 'a string';
    case 'number':
      return def['format'] === 'safeint' ? 'a whole number' : 'a number';
    case 'boolean':
      return 'true or false';
    case 'literal':
      return humanList((def['values'] as unknown[]).map((v) => JSON.stringify(v)));
    case 'enum':
      return `one of ${Object.values(def['entries'] as Record<string, string>).join(', ')}`;
    case 'array':
      return `a list of ${plural(describeExpected(def['element'] as Schema))}`;
    case 'record':
      return `a mapping of names to ${plural(describeExpected(def['valueType'] as Schema))}`;
    case 'object':
      return `a mapping with keys ${objectKeys(inner).join(', ')}`;
    case 'union':
      return humanList((def['options'] as Schema[]).map(describeExpected));
    default:
      return `a ${def.type}`;
  }
}

/** `a string` → `strings`, `a mapping with keys x` → `mappings with keys x`; other phrases are kept whole. */
function plural(phrase: string): string {
  const match = /^an? (\S+)(.*)$/.exec(phrase);
  if (!match) return `items that are ${phrase}`;
  return `${match[1] as string}s${match[2] as string}`;
}

/** What the file held at a location, in plain words; strings are quoted only when `echo` allows (never for secret-bearing keys). */
export function describeValue(value: unknown, echo: boolean): string {
  if (value === undefined || value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    if (!echo) return value === '' ? 'an empty string' : 'a string';
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'number') return echo ? `the number ${value}` : 'a number';
  return String(value);
}
