// The demo's closing text: what each promised verdict shows, and why the demo exits as it does even
// though the report above it says FAIL. Pure, so its layout is tested at fixed widths.

import { paintStatus, style } from '../report/style.js';
import { displayWidth, padEnd, wrap } from '../report/width.js';
import type { DemoExpectation } from './scenario.js';

/** One promised verdict and what the check actually produced. */
export interface DemoResult {
  e: DemoExpectation;
  ok: boolean;
  found: string;
}

const INDENT = '  ';
// Below this many columns for the explanation beside the verdict, it goes on its own lines under it.
const SHOWS_MIN = 30;

/** "What this shows": one entry per verdict, the explanation wrapped at word boundaries to `width`. */
export function whatThisShows(results: readonly DemoResult[], width: number, color: boolean): string[] {
  const mark = (ok: boolean) => (ok ? paintStatus('pass', '✓', color) : paintStatus('fail', '✗', color));
  const where = (r: DemoResult) => `${r.e.credential} ${r.e.probe}${r.e.target ? ` ${r.e.target}` : ''}`;
  const whereWidth = Math.max(...results.map((r) => displayWidth(where(r))));
  const foundWidth = Math.max(...results.map((r) => displayWidth(r.found)));
  // "  ✓ " + where + "  " + found + "  "
  const prefix = INDENT.length + 2 + whereWidth + 2 + foundWidth + 2;
  const beside = width - prefix >= SHOWS_MIN;
  const out = [style('bold', 'What this shows', color)];
  for (const r of results) {
    const head = `${INDENT}${mark(r.ok)} ${padEnd(where(r), whereWidth)}  ${padEnd(r.found, foundWidth)}`;
    if (beside) {
      const lines = wrap(r.e.shows, width - prefix);
      lines.forEach((line, i) => out.push((i === 0 ? `${head}  ` : ' '.repeat(prefix)) + line));
    } else {
      out.push(`${INDENT}${mark(r.ok)} ${where(r)}  ${r.found}`);
      const pad = INDENT.repeat(3);
      for (const line of wrap(r.e.shows, Math.max(SHOWS_MIN, width - pad.length))) out.push(pad + line);
    }
  }
  return out.map((l) => l.trimEnd());
}

/** The last line: the demo's own exit code and why, since the report above it ends in FAIL (exit 1). */
export function demoOutcome(good: number, total: number, naiveFooled: boolean, checkExit: number): string[] {
  const ok = good === total && naiveFooled;
  const lines = [`${good}/${total} verdicts came out as designed; \`credcanary check\` itself exits ${checkExit} on this inventory, as it should.`];
  if (ok) lines.push('exit 0: every verdict came out as designed (the demo checks the verdicts, not the credentials).');
  else {
    const why = [good < total ? `${total - good} verdict(s) did not come out as designed` : '', naiveFooled ? '' : 'the naive ls-remote canary was not fooled as expected'];
    lines.push(`exit 1: ${why.filter((w) => w !== '').join('; ')}.`);
  }
  return lines;
}
