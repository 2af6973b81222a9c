import { createHmac } from 'node:crypto';
import { UserError } from '../core/errors.js';
import type { SecretSource } from '../inventory/schema.js';
import { redact } from '../secrets/redact.js';
import type { AlertMessage, Channel, DeliveryResult, Notifier, NotifierContext } from './types.js';

// POSTs each alert as JSON. With `secret`, the body is signed like GitHub's webhooks, so a receiver can
// check it came from this daemon: X-Credcanary-Signature: sha256=<hex HMAC-SHA256 of the exact body>.

/** The signature header value of `body` under `secret`. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Classifies an HTTP answer: 2xx done; 408, 429 and 5xx worth retrying; any other 4xx permanent. */
export function classifyStatus(status: number, retryAfter: string | null): DeliveryResult {
  if (status >= 200 && status < 300) return { ok: true };
  const retryable = status === 408 || status === 429 || status >= 500;
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return {
    ok: false,
    permanent: !retryable,
    error: `HTTP ${status}`,
    ...(seconds !== null ? { retryAfterMs: Math.min(seconds, 3600) * 1000 } : {}),
  };
}

async function resolveUrl(spec: { url: string | SecretSource }, ctx: NotifierContext, name: string): Promise<string> {
  if (typeof spec.url === 'string') return spec.url;
  const value = await ctx.readSecret(spec.url);
  if (!value) throw new UserError(`notify ${name}: its url source yields nothing`);
  try {
    return new URL(value).toString();
  } catch {
    throw new UserError(`notify ${name}: its url source does not yield a URL`);
  }
}

/** The `webhook` notifier. */
export const webhookNotifier: Notifier<'webhook'> = {
  id: 'webhook',
  async prepare(spec, ctx): Promise<Channel> {
    const url = await resolveUrl(spec, ctx, 'webhook');
    const secret = spec.secret ? await ctx.readSecret(spec.secret) : null;
    if (spec.secret && !secret) throw new UserError('notify webhook: its secret source yields nothing');
    return {
      async deliver(alert: AlertMessage): Promise<DeliveryResult> {
        const body = JSON.stringify(alert);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'user-agent': 'credcanary',
          'x-credcanary-delivery': alert.delivery,
          'x-credcanary-event': alert.event,
        };
        if (secret) headers['x-credcanary-signature'] = webhookSignature(secret, body);
        try {
          const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(ctx.timeoutMs) });
          await res.body?.cancel();
          return classifyStatus(res.status, res.headers.get('retry-after'));
        } catch (err) {
          // The URL may itself be a secret (it often embeds one): never echo it.
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
          return { ok: false, permanent: false, error: redact(`request failed (${cause})`) };
        }
      },
    };
  },
};
