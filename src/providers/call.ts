import type { HttpClient, HttpResponse } from '../http/client.js';
import { firstBodyLine, speakerOf, type ForgeShape } from '../core/forge-response.js';
import { basicAuthorization, redact } from '../secrets/redact.js';
import type { ApiCall, Auth, Refusal } from './types.js';

// One way every provider sends a request and reads the answer, so that redirects, body caps, retries and
// redaction stay in the HTTP client and every ApiCall is built alike.

/** A request as a provider describes it. */
export interface CallSpec {
  method: string;
  /** Absolute URL. */
  url: string;
  /** What reports show: method and API path, never the query or a credential. */
  display: string;
  headers: Record<string, string>;
  body?: string;
  /** The success body is a file (any bytes), not JSON. */
  raw?: boolean;
}

/** How a family reads its answers: what its own error bodies look like, their error text, and a refusal. */
export interface AnswerReader {
  shape: ForgeShape;
  messageOf(json: unknown): string | null;
  refusalOf(res: HttpResponse, json: unknown, message: string | null): Refusal | null;
}

/** Parses a JSON body when the response says it is JSON. */
export function parseJsonBody(res: HttpResponse): unknown {
  if (!/json/i.test(res.headers.get('content-type') ?? '')) return null;
  try {
    return JSON.parse(res.body);
  } catch {
    return null;
  }
}

/** A string field of a JSON object, or null. */
export function stringField(json: unknown, field: string): string | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const v = (json as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : null;
}

/** Sends one request through the project's HTTP client and reads the answer. */
export async function sendCall(http: HttpClient, spec: CallSpec, reader: AnswerReader): Promise<ApiCall> {
  const outcome = await http.send({ method: spec.method, url: spec.url, headers: spec.headers, ...(spec.body !== undefined ? { body: spec.body } : {}) });
  if (outcome.kind !== 'response') return { request: spec.display, outcome, json: null, message: null, refusal: null, speaker: 'nobody', bodyLine: null };
  const json = parseJsonBody(outcome);
  const speaker = speakerOf(outcome, json, reader.shape, spec.raw === true);
  if (speaker !== 'forge') {
    // Only the forge's own answers may classify a token: a front's JSON `message` is evidence at most.
    const line = firstBodyLine(outcome.body);
    return { request: spec.display, outcome, json, message: null, refusal: null, speaker, bodyLine: line === null ? null : redact(line) };
  }
  const message = reader.messageOf(json);
  const refusal = outcome.status >= 400 ? reader.refusalOf(outcome, json, message) : null;
  return { request: spec.display, outcome, json, message, refusal, speaker, bodyLine: null };
}

/** Headers for an Auth, given how the family presents a token. */
export function authHeaders(auth: Auth, token: (value: string) => Record<string, string>): Record<string, string> {
  if (auth.kind === 'token') return token(auth.token);
  // basicAuthorization registers the base64 pair with the scrubber before it is sent.
  if (auth.kind === 'basic') return { authorization: basicAuthorization(auth.username, auth.password) };
  return {};
}

/** `owner/name` with each segment URL-encoded. */
export function encodeRepo(repo: string): string {
  return repo.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** A path with each segment URL-encoded (slashes kept). */
export function encodePath(path: string): string {
  return path.replace(/^\/+/, '').split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** The answer's status, 0 when there was none. */
export function statusOf(call: ApiCall): number {
  return call.outcome.kind === 'response' ? call.outcome.status : 0;
}

/** A successful JSON object body, or null. */
export function okObject(call: ApiCall): Record<string, unknown> | null {
  if (statusOf(call) !== 200 || !call.json || typeof call.json !== 'object' || Array.isArray(call.json)) return null;
  return call.json as Record<string, unknown>;
}

/** True when a call looks like there is no forge API behind it: a 404, or an answer that is not the forge's. */
export function looksAbsent(call: ApiCall): boolean {
  return call.outcome.kind === 'response' && (call.outcome.status === 404 || call.speaker !== 'forge');
}
