import type { HttpClient, HttpOutcome } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import type { ScopeCategory } from '../core/gitea-scopes.js';
import type { Speaker } from '../core/forge-response.js';

/** How a request presents (or does not present) a credential. */
export type Auth =
  | { kind: 'token'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'anonymous' };

/** The anonymous presentation, used by every control request. */
export const ANONYMOUS: Auth = { kind: 'anonymous' };

/** One API call's result: the outcome plus what was asked, for evidence and summaries (no secrets). */
export interface ApiCall {
  /** `GET /api/v1/user`: method and path without query string or credentials. */
  request: string;
  outcome: HttpOutcome;
  /** Parsed JSON body, when the response was JSON. */
  json: unknown;
  /** The forge's `message` field, when it sent one. */
  message: string | null;
  /** Who answered (core/forge-response.ts): only the forge's own answers may classify a token. */
  speaker: Speaker;
  /** When something other than the forge answered: the first line of its body, scrubbed, for evidence. */
  bodyLine: string | null;
}

/** What credcanary asks of a forge's API. One implementation per forge family. */
export interface ForgeApi {
  readonly forge: ForgeSpec;
  /** The authenticated user (`/user`). */
  currentUser(auth: Auth): Promise<ApiCall>;
  /** A repository, with the caller's `permissions`. */
  repository(auth: Auth, repo: string): Promise<ApiCall>;
  /** A branch, with `user_can_push` for the caller. */
  branch(auth: Auth, repo: string, branch: string): Promise<ApiCall>;
  /** A file's raw bytes at a ref (default branch when ref is undefined). */
  rawFile(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall>;
  /** A request every instance of this forge answers anonymously with its own JSON (Gitea: `/version`): is there a forge API at `url` at all? */
  landmark(auth: Auth): Promise<ApiCall>;
  /** The persona's tokens (needs the persona's password: Basic auth). */
  listTokens(auth: Auth, login: string): Promise<ApiCall>;
  /** A read that only the category's read scope guards; null where no such route exists. */
  scopeReadProbe(auth: Auth, category: ScopeCategory): Promise<ApiCall> | null;
  /** A write the forge must reject (after its scope check) — never changes anything; null where unsafe or impossible. */
  scopeWriteProbe(auth: Auth, category: ScopeCategory): Promise<ApiCall> | null;
  /** The HTTPS clone URL of a repository (no credentials in it, ever). */
  gitUrl(repo: string): string;
}

/** A forge family's factory, registered in providers/index.ts. */
export interface Provider {
  create(forge: ForgeSpec, http: HttpClient): ForgeApi;
}
