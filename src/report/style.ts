import * as util from 'node:util';
import type { Status } from '../core/status.js';

type StyleFormat = Parameters<typeof util.styleText>[0];

const STATUS_STYLE: Record<Status, StyleFormat> = {
  pass: 'green',
  warn: 'yellow',
  fail: 'red',
  inconclusive: 'magenta',
  skipped: 'dim',
};

/** Whether to colour output for `stream`: FORCE_COLOR wins, then NO_COLOR, then a TTY that is not `TERM=dumb`. */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // Node's convention: FORCE_COLOR=0/false disables, any other value (even empty) enables.
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force !== 'false';
  // no-color.org: NO_COLOR set to a non-empty value disables colour.
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/** Applies `format` when `color` is on. We decide colour ourselves, so styleText must not second-guess stdout. */
export function style(format: StyleFormat, text: string, color: boolean): string {
  if (!color) return text;
  // styleText arrived in Node 20.12; package.json allows any Node 20, so fall back to the same codes by hand.
  if (typeof util.styleText === 'function') return util.styleText(format, text, { validateStream: false });
  return ([] as string[]).concat(format).reduceRight((out, name) => {
    const codes = util.inspect.colors[name];
    return codes === undefined ? out : `\u001b[${codes[0]}m${out}\u001b[${codes[1]}m`;
  }, text);
}

/** Colours a status word (or any text) in its status colour, bold when asked. */
export function paintStatus(status: Status, text: string, color: boolean, bold = false): string {
  const base = STATUS_STYLE[status];
  return style(bold ? ['bold', base as never] : base, text, color);
}
