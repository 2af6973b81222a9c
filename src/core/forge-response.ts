import type { HttpOutcome } from '../http/client.js';

// "Is this the forge talking?" — the one place that decides whether an answer came from the forge
// itself or from something in the way (a proxy, a WAF or SSO front, a wrong base URL). Only the
// forge's own answers may classify a token; anything else is evidence, never a verdict about it.
// Pure: it reads a response already received.

/** Who answered a request. */
export type Speaker =
  /** The forge itself: its JSON, its error shape. */
  | 'forge'
  /** Something else answered: an HTML page, a bare web server's text, a JSON shape the forge never sends. */
  | 'foreign'
  /** Nobody usable: a connection error, timeout, 5xx or 429 after retries. */
  | 'nobody';

/** What a forge family's answers look like: its success and error shapes. */
export interface ForgeShape {
  /** True when a parsed JSON error body is in the forge's own error shape. */
  isOwnError(json: unknown): boolean;
}

/** Gitea and Forgejo: every API error is `{"message": …, "url": "<ROOT_URL>api/swagger"}` (reference §1.2). */
export const GITEA_SHAPE: ForgeShape = {
  isOwnError: (json) =>
    typeof json === 'object' && json !== null && !Array.isArray(json) &&
    typeof (json as { message?: unknown }).message === 'string' && typeof (json as { url?: unknown }).url === 'string',
};

/** Statuses with which a control request fails definitively, when the forge itself sends them. */
export const DEFINITIVE_DENIALS: ReadonlySet<number> = new Set([401, 403, 404]);

function isJson(outcome: HttpOutcome): boolean {
  return outcome.kind === 'response' && /\bjson\b/i.test(outcome.headers.get('content-type') ?? '');
}

/**
 * Who answered: the forge when a JSON body came back that is a success (2xx) or in the forge's error
 * shape; `raw` marks a request whose success body is a file (any bytes), not JSON.
 */
export function speakerOf(outcome: HttpOutcome, json: unknown, shape: ForgeShape, raw = false): Speaker {
  if (outcome.kind === 'transient') return 'nobody';
  const ok = outcome.status >= 200 && outcome.status < 300;
  if (ok && raw) return 'forge';
  if (!isJson(outcome) || json === null) return 'foreign';
  return ok || shape.isOwnError(json) ? 'forge' : 'foreign';
}

/** How far evidence lines may run: enough to recognise a WAF page, not enough to copy a body. */
const LINE_MAX = 120;

/**
 * The first meaningful line of a body that is not the forge's, for evidence: tags stripped,
 * whitespace collapsed, cut short. The caller scrubs it of secrets before it leaves the process.
 */
export function firstBodyLine(body: string): string | null {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1];
  const lines = (title !== undefined ? [title] : []).concat(body.split(/\r?\n/));
  for (const raw of lines) {
    const line = raw.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    // Control characters would let a hostile front draw on a terminal.
    const clean = line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    if (clean !== '') return clean.length > LINE_MAX ? `${clean.slice(0, LINE_MAX)}…` : clean;
  }
  return null;
}
