// Every secret value credcanary reads is registered here, so that any text leaving the process
// (errors, logs, reports) can be scrubbed as a last line of defence. Probes never put a token in a
// message on purpose; this catches the accidents (a library error echoing a header, say).

const known = new Set<string>();

/** The text printed in place of a secret. */
export const REDACTED = '[REDACTED]';

/** Remembers a secret value so `redact` removes it from any later output. Short values are ignored. */
export function registerSecret(value: string): void {
  // Values under 6 characters would scrub ordinary words; no real token is that short.
  if (value.length >= 6) known.add(value);
}

/** Replaces every registered secret in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** The last eight characters of a token, the only part reports may show (forges show the same). */
export function last8(token: string): string {
  return token.slice(-8);
}

/** Forgets all registered secrets (tests). */
export function clearSecrets(): void {
  known.clear();
}
