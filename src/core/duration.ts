// Durations as the inventory writes them ("90s", "15m", "1h", "2d") turned into milliseconds.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of an inventory duration such as "15m"; throws on text the schema would have refused. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`not a duration: ${JSON.stringify(text)}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
