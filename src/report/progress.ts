import type { StatusCounts } from '../core/status.js';
import type { CheckListener } from '../engine/events.js';
import { redact } from '../secrets/redact.js';
import { oneLine, totalsLine } from './text.js';
import { truncate } from './width.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** Redraw interval: ~10 frames a second is smooth and costs nothing next to network probes. */
export const PROGRESS_INTERVAL_MS = 100;
const CLEAR_LINE = '\r\u001b[2K';
/** How long the line keeps saying what it retries after the last retry began. */
const RETRY_NOTE_MS = 15_000;

/** A progress display: feed it engine events, stop it when the run ends (stop is idempotent). */
export interface Progress {
  listener: CheckListener;
  stop(): void;
}

/**
 * A single redrawn status line on a TTY (spinner, `12/40 credentials`, counts so far, the credential
 * being probed). On anything that is not a TTY it prints nothing, so CI logs and pipes stay clean.
 * Events only update state; a timer draws, so a burst of verdicts never costs more than 10 writes/s.
 */
export function createProgress(stream: NodeJS.WriteStream, total: number): Progress {
  if (!stream.isTTY) return { listener: () => {}, stop: () => {} };
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, inconclusive: 0, skipped: 0 };
  let expected = total;
  let finished = 0;
  let verdicts = 0;
  let current = '';
  let retrying = '';
  let retryUntil = 0;
  let frame = 0;
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;

  const line = (): string => {
    const done = verdicts > 0 ? ` · ${totalsLine(counts)}` : '';
    const spin = FRAMES[frame % FRAMES.length]!;
    const retry = retrying && Date.now() < retryUntil ? ` · ${retrying}` : '';
    const text = `${spin} ${finished}/${expected} credentials${done}${current ? ` · ${current}` : ''}${retry}`;
    // One column short of the width: writing into the last column makes some terminals wrap.
    return truncate(redact(text), Math.max(10, (stream.columns || 80) - 1));
  };
  const draw = (): void => {
    frame += 1;
    stream.write(CLEAR_LINE + line());
    drawn = true;
  };
  const stop = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  };
  const start = (): void => {
    if (timer !== undefined) return;
    timer = setInterval(draw, PROGRESS_INTERVAL_MS);
    // The display must never keep the process alive.
    timer.unref();
  };

  const listener: CheckListener = (event) => {
    switch (event.type) {
      case 'start':
        expected = event.credentials;
        start();
        break;
      case 'probe':
        counts[event.verdict.status] += 1;
        verdicts += 1;
        current = oneLine(event.credential);
        start();
        break;
      case 'credential':
        finished += 1;
        break;
      case 'retry':
        // Said for a while after the last retry, so a run waiting on a slow forge never looks hung.
        retrying = `retrying ${oneLine(event.host)} (${oneLine(event.reason)}, attempt ${event.attempt + 1} of ${event.of})`;
        retryUntil = Date.now() + RETRY_NOTE_MS;
        start();
        break;
      case 'done':
        stop();
        break;
    }
  };
  return { listener, stop };
}
