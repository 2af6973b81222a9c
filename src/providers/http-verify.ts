import type { HttpClient, HttpResponse } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import type { ProbeId } from '../core/verdict.js';
import { sendCall, statusOf, stringField, type AnswerReader } from './call.js';
import type { ApiCall, ExpiryAnswer, ForgeApi, IdentityAnswer, Provider, Refusal, UserAnswer } from './types.js';

// The generic HTTP verify provider, for the other tokens automation depends on (Cloudflare's
// /user/tokens/verify, Vault's auth/token/lookup-self, any endpoint that answers who a token is):
// one request with a header template, an expected status, and JSON paths for the identity and the expiry.

/** The `verify:` block of an `http` forge. */
export interface VerifySpec {
  method?: 'GET' | 'POST' | undefined;
  /** `Name: value` with `{token}` where the token goes, e.g. `Authorization: Bearer {token}`. */
  header: string;
  expectStatus?: number | undefined;
  /** Dotted JSON path to the value the persona's login must equal, e.g. `result.id`, `data.display_name`. */
  identity: string;
  /** Dotted JSON path to an expiry: ISO 8601 text, a date, or epoch seconds. */
  expiry?: string | undefined;
}

/** The value at a dotted path (`a.b.0.c`) of a JSON document, or undefined. */
export function jsonPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(part)] : Object.hasOwn(cur, part) ? (cur as Record<string, unknown>)[part] : undefined;
  }
  return cur;
}

/** An expiry value as a date: epoch seconds (or milliseconds), ISO text, or `YYYY-MM-DD`. */
export function parseExpiryValue(v: unknown): Date | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v > 1e12 ? v : v * 1000);
  if (typeof v !== 'string' || v.trim() === '') return null;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Splits `Name: value {token}` into a header name and a value template. */
export function parseHeaderTemplate(template: string): { name: string; value: string } | null {
  const colon = template.indexOf(':');
  if (colon <= 0) return null;
  const name = template.slice(0, colon).trim();
  const value = template.slice(colon + 1).trim();
  return /^[A-Za-z0-9-]+$/.test(name) && value.includes('{token}') ? { name, value } : null;
}

/** An endpoint's refusal: 401/403 mean the token was not accepted (nothing more is known of a generic API). */
const HTTP_READER: AnswerReader = {
  // A generic endpoint has no known error shape: any JSON body counts as its own answer, anything else does not.
  shape: { isOwnError: (json) => json !== null && typeof json === 'object' },
  messageOf: (json) => stringField(json, 'message') ?? stringField(json, 'error'),
  refusalOf(res: HttpResponse, _json, message): Refusal | null {
    return res.status === 401 || res.status === 403 ? { kind: 'bad-credentials', text: message ?? `HTTP ${res.status}` } : null;
  },
};

/** One verify endpoint. */
export class HttpVerifyApi implements ForgeApi {
  readonly family = 'the HTTP verify endpoint';
  private readonly verify: VerifySpec;

  constructor(
    readonly forge: ForgeSpec,
    private readonly http: HttpClient,
  ) {
    if (!forge.verify) throw new Error('an http forge needs a verify block');
    this.verify = forge.verify;
  }

  unsupported(probe: ProbeId): string | null {
    if (probe === 'identity') return null;
    if (probe === 'expiry') return this.verify.expiry ? null : 'no `verify.expiry` path is configured for this endpoint';
    return `an HTTP verify endpoint has no ${probe === 'scopes' ? 'scopes' : 'repositories'} to probe`;
  }

  private async send(token: string | null): Promise<UserAnswer> {
    const t = parseHeaderTemplate(this.verify.header);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (t && token !== null) headers[t.name.toLowerCase()] = t.value.split('{token}').join(token);
    const method = this.verify.method ?? 'GET';
    const call: ApiCall = await sendCall(this.http, { method, url: this.forge.url, display: `${method} ${new URL(this.forge.url).pathname}`, headers }, HTTP_READER);
    const expected = this.verify.expectStatus ?? 200;
    const raw = statusOf(call) === expected ? jsonPath(call.json, this.verify.identity) : undefined;
    return { ...call, login: typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null };
  }

  /** The request with the header, and without it. */
  async identity(token: string): Promise<IdentityAnswer> {
    const [authed, control] = await Promise.all([this.send(token), this.send(null)]);
    return { authed, control, tokenKind: null, installation: null };
  }

  /** The expiry at the configured path. */
  async expiry(token: string): Promise<ExpiryAnswer> {
    const call = await this.send(token);
    const path = this.verify.expiry ?? '';
    const source = `${path} of ${call.request}`;
    if (statusOf(call) !== (this.verify.expectStatus ?? 200)) return { kind: 'unknown', source, call };
    const v = jsonPath(call.json, path);
    if (v === null || v === undefined || v === '' || v === 0) return { kind: 'never', source, call };
    const at = parseExpiryValue(v);
    return at ? { kind: 'at', at: at.toISOString(), source, call } : { kind: 'unknown', source, call };
  }
}

/** `type: http` forges. */
export const httpVerifyProvider: Provider = {
  create: (forge, http) => new HttpVerifyApi(forge, http),
};
