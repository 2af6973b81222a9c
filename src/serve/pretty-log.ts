// pino writes JSON lines; on a terminal a person reads "12:00:03 INFO credential checked credential=A".

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name']);

/** One JSON log line as a short human line (the line itself when it is not JSON). */
export function prettyLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof entry['time'] === 'number' ? new Date(entry['time']).toISOString().slice(11, 19) : '';
  const level = LEVELS[entry['level'] as number] ?? String(entry['level']);
  const fields = Object.entries(entry)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level.padEnd(5)} ${String(entry['msg'] ?? '')}${fields ? ` ${fields}` : ''}\n`;
}

/** A destination that prints pretty lines to `out`. */
export function prettyDestination(out: NodeJS.WritableStream): NodeJS.WritableStream {
  return { write: (line: string) => out.write(prettyLine(line.trimEnd())) } as unknown as NodeJS.WritableStream;
}
