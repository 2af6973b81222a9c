// Every secret value credcanary reads is registered here, so that any text leaving the process
// (errors, logs, reports) can be scrubbed as a last line of defence. Probes never put a token in a
// message on purpose; this catches the accidents (a library error echoing a header, a forge error
// body echoing the Basic header git sent). So every form that is ever sent is registered too: the
// trimmed value (what an HTTP client sends), the URL-encoded value and the base64 of every Basic pair.

const known = new Set<string>();
// `known`, longest first; rebuilt only when a form is added.
let ordered: string[] = [];

/** The text printed in place of a secret. */
export const REDACTED = '[REDACTED]';

/** Shortest value `last8` may show the tail of: a shorter one would give away too much of it. */
export const LAST8_MIN_LENGTH = 32;

/** The fixed Basic-auth user names token-as-password schemes use (GitHub App tokens, GitLab). */
export const TOKEN_BASIC_USERS = ['x-access-token', 'oauth2'] as const;

function add(form: string): void {
  if (form === '' || known.has(form)) return;
  known.add(form);
  ordered = [...known].sort((a, b) => b.length - a.length);
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Remembers a secret value so `redact` removes it, and every form derived from it, from any later
 * output. Even a very short value is registered: a secret must never print, whatever its length
 * (scrubbing a few ordinary characters is the lesser harm).
 */
export function registerSecret(value: string): void {
  for (const v of new Set([value, value.trim()])) {
    if (v === '') continue;
    add(v);
    add(encodeURIComponent(v));
    add(base64(v));
    for (const user of TOKEN_BASIC_USERS) add(base64(`${user}:${v}`));
  }
}

/** The value of a Basic `authorization` header for `username:password`, registered for redaction before it is used. */
export function basicAuthorization(username: string, password: string): string {
  registerSecret(password);
  const encoded = base64(`${username}:${password}`);
  add(encoded);
  return `Basic ${encoded}`;
}

/** Replaces every registered secret in `text`; longer forms first, so a value inside another form never leaves half of it. */
export function redact(text: string): string {
  let out = text;
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * What reports may show of a token: its last eight characters (what forges show), and only when it is
 * at least 32 characters long (forge tokens are 40); for a shorter value `''`, which reports print as `…` alone.
 */
export function shownLast8(token: string): string {
  return token.length >= LAST8_MIN_LENGTH ? token.slice(-8) : '';
}

/** The last eight characters of a token, to match it against a forge's token list (never for display: see `shownLast8`). */
export function last8(token: string): string {
  return token.slice(-8);
}

/** Forgets all registered secrets (tests). */
export function clearSecrets(): void {
  known.clear();
  ordered = [];
}
