// Builders for observations in judge tests: an ApiCall as a provider would have returned it (read as the
// Gitea provider reads its answers, unless a test builds the neutral fields itself).
import type { ApiCall, IdentityAnswer } from '../providers/types.js';
import { GITEA_READER, giteaBranch, giteaRepo, giteaUser } from '../providers/gitea.js';
import type { HttpResponse, HttpTransient } from '../http/client.js';
import type { JudgeFacts } from '../probes/types.js';
import type { CredentialSpec } from '../inventory/schema.js';
import { GITEA_SHAPE, firstBodyLine, speakerOf } from '../core/forge-response.js';

/**
 * A response ApiCall with a JSON body, as the forge sends it: an error `{message}` gets Gitea's `url`
 * field unless `asIs`, and who answered is decided by the same rule the provider uses.
 */
export function response(status: number, json: unknown = null, request = 'GET /api/v1/x', headers: Record<string, string> = {}, asIs = false): ApiCall {
  const hasMessage = json !== null && typeof json === 'object' && 'message' in json && typeof json.message === 'string';
  const sent = hasMessage && !asIs && !('url' in json) ? { ...json, url: 'http://127.0.0.1:1/api/swagger' } : json;
  const body = sent === null ? '' : JSON.stringify(sent);
  const outcome: HttpResponse = { kind: 'response', status, headers: new Headers({ 'content-type': 'application/json', ...headers }), body, bytes: Buffer.from(body), attempts: 1 };
  const speaker = speakerOf(outcome, sent, GITEA_SHAPE);
  const message = speaker === 'forge' ? GITEA_READER.messageOf(sent) : null;
  const refusal = speaker === 'forge' && status >= 400 ? GITEA_READER.refusalOf(outcome, sent, message) : null;
  return { request, outcome, json: sent, message, refusal, speaker, bodyLine: speaker === 'foreign' ? firstBodyLine(body) : null };
}

/** A raw (non-JSON) response ApiCall: a file's bytes on 2xx. */
export function rawResponse(status: number, text: string, request = 'GET /api/v1/repos/a/b/raw/f'): ApiCall {
  const outcome = { kind: 'response' as const, status, headers: new Headers({ 'content-type': 'text/plain' }), body: text, bytes: Buffer.from(text), attempts: 1 };
  const speaker = speakerOf(outcome, null, GITEA_SHAPE, true);
  return { request, outcome, json: null, message: null, refusal: null, speaker, bodyLine: speaker === 'foreign' ? firstBodyLine(text) : null };
}

/** A response from something other than the forge (a WAF, an SSO page, a bare web server). */
export function foreignResponse(status: number, body: string, request = 'GET /api/v1/x', contentType = 'text/html'): ApiCall {
  const outcome = { kind: 'response' as const, status, headers: new Headers({ 'content-type': contentType }), body, bytes: Buffer.from(body), attempts: 1 };
  return { request, outcome, json: null, message: null, refusal: null, speaker: speakerOf(outcome, null, GITEA_SHAPE), bodyLine: firstBodyLine(body) };
}

/** A transient ApiCall. */
export function transient(reason: HttpTransient['reason'] = 'connection', status: number | null = null, request = 'GET /api/v1/x'): ApiCall {
  return { request, outcome: { kind: 'transient', reason, status, detail: reason, attempts: 3 }, json: null, message: null, refusal: null, speaker: 'nobody', bodyLine: null };
}

/** Gitea answers read into the neutral fields. */
export const asUser = giteaUser;
export const asRepo = giteaRepo;
export const asBranch = giteaBranch;

/** An identity answer from two Gitea `/user` calls. */
export function identityAnswer(authed: ApiCall, control: ApiCall): IdentityAnswer {
  return { authed: giteaUser(authed), control: giteaUser(control), tokenKind: null, installation: null };
}

/** Judge facts for a bot credential, overridable. */
export function facts(spec: Partial<CredentialSpec> = {}, persona: Partial<JudgeFacts['persona']> = {}): JudgeFacts {
  return {
    credential: 'AUTO_SYNC_TOKEN',
    forgeName: 'core',
    forge: { type: 'gitea', url: 'http://127.0.0.1:1' },
    persona: { kind: 'bot', name: 'devops-bot', login: 'devops-bot', ...persona },
    spec: { forge: 'core', source: { env: 'AUTO_SYNC_TOKEN' }, persona: 'devops-bot', scopes: ['read:user', 'write:repository'], ...spec },
    now: new Date('2026-11-23T12:00:00Z'),
  };
}
