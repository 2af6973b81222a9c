import type { HttpClient, HttpOutcome } from '../http/client.js';
import type { ForgeSpec, RepoRequirement, SecretSource } from '../inventory/schema.js';
import type { ProbeId } from '../core/verdict.js';
import type { Speaker } from '../core/forge-response.js';

// The forge-neutral questions the probes ask. A provider answers them for its forge family — Gitea/Forgejo,
// GitHub, GitLab, a generic HTTP verify endpoint — and reads its forge's answers into the neutral fields here
// (who, which permissions, may push, when it expires, how a refusal is to be read). The probes' judges read
// only these fields, so the no-false-green rule lives once, in the judges, for every forge.

/** How a request presents (or does not present) a credential. */
export type Auth =
  | { kind: 'token'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'anonymous' };

/** The anonymous presentation, used by every control request. */
export const ANONYMOUS: Auth = { kind: 'anonymous' };

/** How the provider reads a forge's refusal of a request (its texts, headers and body shapes). */
export type Refusal =
  /** The credential is not valid (unknown, revoked, or expired on forges that do not say which). */
  | { kind: 'bad-credentials'; text: string }
  /** The forge said the credential expired (GitLab does). */
  | { kind: 'expired'; text: string }
  /** A valid credential lacking a scope or permission; `required` lists what would do. */
  | { kind: 'scope-missing'; required: string[]; tokenScopes: string[] | null; text: string }
  /** A rate limit answered as a refusal (GitHub's primary and secondary limits use 403 too). */
  | { kind: 'rate-limited'; text: string; retryAfterSeconds: number | null; resetAt: string | null }
  /** The account behind the credential cannot sign in (disabled, blocked). */
  | { kind: 'account-blocked'; text: string }
  /** The credential is valid but names no user (a GitHub App installation token on `/user`). */
  | { kind: 'not-a-user'; text: string }
  /** A valid token not authorised for an organisation that enforces single sign-on (GitHub's X-GitHub-SSO). */
  | { kind: 'sso-required'; text: string }
  /** Any other refusal from the forge. */
  | { kind: 'forbidden'; text: string };

/** One API call's result: the outcome plus what was asked, for evidence and summaries (no secrets). */
export interface ApiCall {
  /** `GET /api/v1/user`: method and path without query string or credentials. */
  request: string;
  outcome: HttpOutcome;
  /** Parsed JSON body, when the response was JSON. */
  json: unknown;
  /** The forge's error text (`message`, GitLab's `error_description`), when it sent one. */
  message: string | null;
  /** The provider's reading of a refusal; null for successes, for answers it cannot read as one, and for answers not the forge's. */
  refusal: Refusal | null;
  /** Who answered (core/forge-response.ts): only the forge's own answers may classify a token. */
  speaker: Speaker;
  /** When something other than the forge answered: the first line of its body, scrubbed, for evidence. */
  bodyLine: string | null;
}

/** Repository permissions in credcanary's terms. */
export interface RepoPermissions {
  admin: boolean;
  push: boolean;
  pull: boolean;
}

/** `who is this token`: the authenticated user's login, when the forge named one. */
export interface UserAnswer extends ApiCall {
  login: string | null;
}

/** The answer to "who is this token", with its anonymous control. */
export interface IdentityAnswer {
  authed: UserAnswer;
  control: UserAnswer;
  /** What kind of token the forge's answer shows (`classic PAT`, `fine-grained PAT`, `project access token`…); null when unknown. */
  tokenKind: string | null;
  /** A token that names no user (GitHub App installation): the request that proved it works instead, with its control. */
  installation: { authed: ApiCall; control: ApiCall; repositories: number | null } | null;
  /**
   * A request every instance of the forge answers in its own JSON without a token (Gitea `/version`,
   * GitHub `/rate_limit`, GitLab `/version`), asked only when "who" looked absent (404 or not the forge's):
   * is there a forge API at `url` at all? Null when not asked, or the family has none.
   */
  landmark?: ApiCall | null;
}

/** `may it read/push this repo`: the caller's permissions (what anonymous callers get on a public repo, too). */
export interface RepoAnswer extends ApiCall {
  permissions: RepoPermissions | null;
}

/** `may it push to this branch`: true/false when the forge says, null with `unknownWhy` when it cannot be told. */
export interface BranchAnswer extends ApiCall {
  canPush: boolean | null;
  protected: boolean;
  unknownWhy: string | null;
  /** Further calls the answer needed (the repository's permissions, the protection rules). */
  more: ApiCall[];
}

/** What probing found for one scope. */
export type ScopeFinding = 'granted' | 'denied' | 'unknown';

/** `which scopes/permissions does it hold and how do we know`. */
export interface ScopeAnswer {
  /** How: "the X-OAuth-Scopes header", "GET /personal_access_tokens/self", "guarded requests"… */
  method: string;
  /** The calls made; a transient or 401 among them decides the verdict. */
  calls: ApiCall[];
  /** The token's exact scopes, when the forge said; null when they were probed. */
  granted: string[] | null;
  /** Per required scope, when probed. */
  probed: Record<string, ScopeFinding>;
  /** Scopes probing found beyond the required ones. */
  excess: string[];
  /** The calls themselves proved the token authenticated (a scope refusal only a valid token gets). */
  proven: boolean;
  /** Why some scopes stay unknown, and how to make them checkable (remedy text). */
  unverifiedHint: string | null;
}

/** `when does it expire`. */
export type ExpiryAnswer =
  | { kind: 'at'; at: string; source: string; call: ApiCall }
  | { kind: 'never'; source: string; call: ApiCall }
  | { kind: 'unknown'; source: string; call: ApiCall };

/** What the scopes question needs to know. */
export interface ScopeQuestion {
  token: string;
  login: string;
  required: readonly string[];
  repos: readonly RepoRequirement[];
  probeWrites: boolean;
  /** Identity already proved this presentation authenticated. */
  authenticated: boolean;
  /** The persona's password, when configured (Gitea's token list). */
  password: SecretSource | undefined;
  readSecret(source: SecretSource): Promise<string | null>;
}

/** The questions, one per probe that talks to the forge; each provider answers them or says why it cannot. */
export interface ForgeApi {
  readonly forge: ForgeSpec;
  /** The family's name for texts: Gitea, Forgejo, GitHub, GitLab, "the HTTP verify endpoint". */
  readonly family: string;
  /** Why this forge cannot answer a probe's question (the probe is then skipped, not-applicable); null when it can. */
  unsupported(probe: ProbeId): string | null;
  /** identity: who is this token, and what anonymous gets. */
  identity?(token: string): Promise<IdentityAnswer>;
  /** scopes. */
  scopes?(q: ScopeQuestion): Promise<ScopeAnswer>;
  /** repo-access (called with the token and anonymously). */
  repository?(auth: Auth, repo: string): Promise<RepoAnswer>;
  /** branch-push; `login` is who identity proved (null for the anonymous control). */
  branch?(auth: Auth, repo: string, branch: string, login: string | null): Promise<BranchAnswer>;
  /** file-drift: a file's raw bytes at a ref (default branch when undefined). */
  rawFile?(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall>;
  /** expiry. */
  expiry?(token: string): Promise<ExpiryAnswer>;
  /** git-auth: the HTTPS clone URL (never with credentials) and the Basic username git sends with the token. */
  gitRemote?(repo: string, login: string): { url: string; username: string };
}

/** Which question each forge-facing probe asks (registry test: every provider answers it or says why not). */
export const PROBE_QUESTIONS: Partial<Record<ProbeId, keyof ForgeApi>> = {
  identity: 'identity',
  scopes: 'scopes',
  'repo-access': 'repository',
  'branch-push': 'branch',
  'git-auth': 'gitRemote',
  'file-drift': 'rawFile',
  expiry: 'expiry',
};

/** A forge family's factory, registered in providers/index.ts. */
export interface Provider {
  create(forge: ForgeSpec, http: HttpClient): ForgeApi;
}
