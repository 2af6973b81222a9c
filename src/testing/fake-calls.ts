// Builders for observations in judge tests: an ApiCall as a provider would have returned it (read as the
// Gitea provider reads its answers, unless a test builds the neutral fields itself).
import type { ApiCall, IdentityAnswer } from '../providers/types.js';
import { GITEA_READER, giteaBranch, giteaRepo, giteaUser } from '../providers/gitea.js';
import type { HttpResponse, HttpTransient } from '../http/client.js';
import type { JudgeFacts } from '../probes/types.js';
import type { CredentialSpec } from '../inventory/schema.js';

/** A response ApiCall with a JSON body. */
export function response(status: number, json: unknown = null, request = 'GET /api/v1/x', headers: Record<string, string> = {}): ApiCall {
  const body = json === null ? '' : JSON.stringify(json);
  const outcome: HttpResponse = { kind: 'response', status, headers: new Headers({ 'content-type': 'application/json', ...headers }), body, bytes: Buffer.from(body), attempts: 1 };
  const message = GITEA_READER.messageOf(json);
  return { request, outcome, json, message, refusal: status >= 400 ? GITEA_READER.refusalOf(outcome, json, message) : null };
}

/** A raw (non-JSON) response ApiCall. */
export function rawResponse(status: number, text: string, request = 'GET /api/v1/repos/a/b/raw/f'): ApiCall {
  return {
    request,
    outcome: { kind: 'response', status, headers: new Headers({ 'content-type': 'text/plain' }), body: text, bytes: Buffer.from(text), attempts: 1 },
    json: null,
    message: null,
    refusal: null,
  };
}

/** A transient ApiCall. */
export function transient(reason: HttpTransient['reason'] = 'connection', status: number | null = null, request = 'GET /api/v1/x'): ApiCall {
  return { request, outcome: { kind: 'transient', reason, status, detail: reason, attempts: 3 }, json: null, message: null, refusal: null };
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
