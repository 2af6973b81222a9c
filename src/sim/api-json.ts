// Converters from the model to Gitea's API JSON (services/convert/*.go, modules/structs/*.go). Field sets follow
// gitea-swagger.v1.json; swagger-conformance.test.ts holds the list of deliberate omissions.

import type { CommitInfo, FileInfo, TreeEntry } from './git-store.js';
import { Access, type ProtectionRec, type RepoRec, type SecretRec, type TokenRec, type UserRec } from './state.js';

/** Go's zero time.Time as JSON. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A Date as Go marshals a second-precision UTC time. */
export function goTime(d: Date | null): string {
  if (!d) return ZERO_TIME;
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** git's ISO-8601 strict date ('…+00:00') as Go writes it ('…Z'). */
export function gitTime(iso: string): string {
  return iso.endsWith('+00:00') ? `${iso.slice(0, -6)}Z` : iso;
}

/** What the converters need to know about the server. */
export interface JsonEnv {
  rootUrl: string;
  noReplyDomain: string;
  sshHost: string;
}

/** api.User (convert.toUser): `signed` reveals the email, `authed` (self or admin) the private fields. */
export function toUser(env: JsonEnv, u: UserRec, signed: boolean, authed: boolean): Record<string, unknown> {
  const lower = u.login.toLowerCase();
  return {
    id: u.id,
    login: u.login,
    login_name: '',
    source_id: 0,
    full_name: u.fullName,
    email: signed ? u.email : `${lower}@${env.noReplyDomain}`,
    avatar_url: `${env.rootUrl}avatars/${lower}`,
    html_url: `${env.rootUrl}${u.login}`,
    language: authed ? 'en-US' : '',
    is_admin: authed ? u.isAdmin : false,
    last_login: authed ? goTime(u.lastLogin) : ZERO_TIME,
    created: goTime(u.created),
    restricted: false,
    active: authed,
    prohibit_login: authed ? u.prohibitLogin : false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    // api.User.MarshalJSON adds `username` as a duplicate of `login` for compatibility.
    username: u.login,
  };
}

/** api.Organization (convert.ToOrganization). */
export function toOrg(env: JsonEnv, o: UserRec): Record<string, unknown> {
  return {
    id: o.id,
    name: o.login,
    username: o.login,
    full_name: o.fullName,
    email: '',
    avatar_url: `${env.rootUrl}avatars/${o.login.toLowerCase()}`,
    description: '',
    website: '',
    location: '',
    visibility: 'public',
    repo_admin_change_team_access: false,
  };
}

/** api.Permission for an access mode: admin ≥ Admin, push/pull from the code unit. */
export function toPermission(mode: Access): { admin: boolean; push: boolean; pull: boolean } {
  return { admin: mode >= Access.Admin, push: mode >= Access.Write, pull: mode >= Access.Read };
}

/** api.Repository (convert.ToRepo); `permissions` reflects the doer's role, never the token's scopes. */
export function toRepo(env: JsonEnv, r: RepoRec, mode: Access): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  return {
    id: r.id,
    owner: toUser(env, r.owner, mode !== Access.None, false),
    name: r.name,
    full_name: full,
    description: '',
    empty: false,
    private: r.private,
    fork: false,
    template: false,
    mirror: false,
    size: 0,
    language: '',
    languages_url: `${env.rootUrl}api/v1/repos/${full}/languages`,
    html_url: `${env.rootUrl}${full}`,
    url: `${env.rootUrl}api/v1/repos/${full}`,
    link: '',
    ssh_url: `git@${env.sshHost}:${full}.git`,
    clone_url: `${env.rootUrl}${full}.git`,
    original_url: '',
    website: '',
    stars_count: 0,
    forks_count: 0,
    watchers_count: 1,
    open_issues_count: 0,
    open_pr_counter: 0,
    release_counter: 0,
    default_branch: r.defaultBranch,
    archived: false,
    created_at: goTime(r.created),
    updated_at: goTime(r.updated),
    archived_at: '1970-01-01T00:00:00Z',
    permissions: toPermission(mode),
    has_code: true,
    has_issues: true,
    internal_tracker: {
      enable_time_tracker: true,
      allow_only_contributors_to_track_time: true,
      enable_issue_dependencies: true,
    },
    has_wiki: true,
    has_pull_requests: true,
    has_projects: true,
    projects_mode: 'all',
    has_releases: true,
    has_packages: true,
    has_actions: true,
    ignore_whitespace_conflicts: false,
    allow_merge_commits: true,
    allow_rebase: true,
    allow_rebase_explicit: true,
    allow_squash_merge: true,
    allow_fast_forward_only_merge: true,
    allow_rebase_update: true,
    allow_manual_merge: false,
    autodetect_manual_merge: false,
    default_delete_branch_after_merge: false,
    default_merge_style: 'merge',
    default_allow_maintainer_edit: false,
    default_target_branch: r.defaultBranch,
    avatar_url: '',
    internal: false,
    mirror_interval: '',
    object_format_name: 'sha1',
    mirror_updated: ZERO_TIME,
    topics: [],
    licenses: [],
  };
}

/** api.PayloadCommit (convert.ToPayloadCommit). */
export function toPayloadCommit(env: JsonEnv, r: RepoRec, c: CommitInfo): Record<string, unknown> {
  return {
    id: c.sha,
    message: c.message,
    url: `${env.rootUrl}${r.owner.login}/${r.name}/commit/${c.sha}`,
    author: { name: c.authorName, email: c.authorEmail, username: '' },
    committer: { name: c.committerName, email: c.committerEmail, username: '' },
    verification: { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' },
    timestamp: gitTime(c.authorDate),
    added: null,
    removed: null,
    modified: null,
  };
}

/** api.Branch (convert.ToBranch): push/merge flags are the doer's, computed by the caller. */
export function toBranch(
  env: JsonEnv,
  r: RepoRec,
  name: string,
  c: CommitInfo,
  rule: ProtectionRec | undefined,
  flags: { userCanPush: boolean; userCanMerge: boolean; isRepoAdmin: boolean },
): Record<string, unknown> {
  return {
    name,
    commit: toPayloadCommit(env, r, c),
    protected: rule !== undefined,
    required_approvals: 0,
    enable_status_check: false,
    status_check_contexts: [],
    user_can_push: flags.userCanPush,
    user_can_merge: flags.userCanMerge,
    effective_branch_protection_name: rule && flags.isRepoAdmin ? rule.branch : '',
  };
}

/** api.BranchProtection (convert.ToBranchProtection) for the push-related rule the simulator models. */
export function toBranchProtection(rule: ProtectionRec, logins: (lowerLogin: string) => string): Record<string, unknown> {
  return {
    branch_name: rule.branch,
    rule_name: rule.branch,
    priority: rule.id,
    enable_push: rule.enablePush,
    enable_push_whitelist: rule.pushWhitelist !== null,
    push_whitelist_usernames: (rule.pushWhitelist ?? []).map(logins),
    push_whitelist_teams: [],
    push_whitelist_deploy_keys: false,
    enable_force_push: false,
    enable_force_push_allowlist: false,
    force_push_allowlist_usernames: [],
    force_push_allowlist_teams: [],
    force_push_allowlist_deploy_keys: false,
    enable_merge_whitelist: false,
    merge_whitelist_usernames: [],
    merge_whitelist_teams: [],
    enable_status_check: false,
    status_check_contexts: [],
    required_approvals: 0,
    enable_approvals_whitelist: false,
    approvals_whitelist_username: [],
    approvals_whitelist_teams: [],
    block_on_rejected_reviews: false,
    block_on_official_review_requests: false,
    block_on_outdated_branch: false,
    dismiss_stale_approvals: false,
    ignore_stale_approvals: false,
    require_signed_commits: false,
    protected_file_patterns: '',
    unprotected_file_patterns: '',
    block_admin_merge_override: false,
    created_at: goTime(rule.created),
    updated_at: goTime(rule.updated),
  };
}

/** api.AccessToken as list and create return it; timestamps only on releases that have them. */
export function toAccessToken(t: TokenRec, opts: { timestamps: boolean; reveal: boolean }): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    sha1: opts.reveal ? t.token : '',
    token_last_eight: t.token.slice(-8),
    scopes: t.scope === '' ? [] : t.scope.split(','),
  };
  if (opts.timestamps) {
    // The create response carries zero values (v1.24+); the list carries the stored times.
    out.created_at = opts.reveal ? ZERO_TIME : goTime(t.createdAt);
    out.last_used_at = opts.reveal ? ZERO_TIME : goTime(t.lastUsedAt);
  }
  return out;
}

/** api.Secret: values are never returned. */
export function toSecret(s: SecretRec): Record<string, unknown> {
  return { name: s.name, description: s.description, created_at: goTime(s.createdAt) };
}

/** Where a contents entry lives, for its URLs. */
export interface ContentsPlace {
  repo: RepoRec;
  ref: string;
  refKind: 'branch' | 'commit';
  path: string;
}

function contentsLinks(env: JsonEnv, place: ContentsPlace, path: string, gitKind: 'blobs' | 'trees', sha: string) {
  const full = `${place.repo.owner.login}/${place.repo.name}`;
  const refQ = encodeURIComponent(place.ref);
  const self = `${env.rootUrl}api/v1/repos/${full}/contents/${path}?ref=${refQ}`;
  const git = `${env.rootUrl}api/v1/repos/${full}/git/${gitKind}/${sha}`;
  const html = `${env.rootUrl}${full}/src/${place.refKind}/${place.ref}/${path}`;
  return { self, git, html, download: `${env.rootUrl}${full}/raw/${place.refKind}/${place.ref}/${path}` };
}

/** api.ContentsResponse for a file, with its base64 content (GetContents). */
export function toFileContents(env: JsonEnv, place: ContentsPlace, f: FileInfo): Record<string, unknown> {
  const links = contentsLinks(env, place, place.path, 'blobs', f.blobSha);
  return {
    name: place.path.split('/').pop() ?? place.path,
    path: place.path,
    sha: f.blobSha,
    last_commit_sha: f.lastCommit.sha,
    last_commit_message: f.lastCommit.message,
    last_author_date: gitTime(f.lastCommit.authorDate),
    last_committer_date: gitTime(f.lastCommit.committerDate),
    type: 'file',
    size: f.content.length,
    encoding: 'base64',
    content: f.content.toString('base64'),
    target: null,
    url: links.self,
    html_url: links.html,
    git_url: links.git,
    download_url: links.download,
    submodule_git_url: null,
    _links: { self: links.self, git: links.git, html: links.html },
  };
}

/** api.ContentsResponse for one entry of a directory listing (no content). */
export function toDirEntry(env: JsonEnv, place: ContentsPlace, e: TreeEntry, commitSha: string): Record<string, unknown> {
  const path = place.path === '' ? e.name : `${place.path.replace(/\/+$/, '')}/${e.name}`;
  const links = contentsLinks(env, place, path, e.type === 'dir' ? 'trees' : 'blobs', e.sha);
  return {
    name: e.name,
    path,
    sha: e.sha,
    last_commit_sha: commitSha,
    last_commit_message: '',
    last_author_date: ZERO_TIME,
    last_committer_date: ZERO_TIME,
    type: e.type,
    size: e.size,
    encoding: null,
    content: null,
    target: null,
    url: links.self,
    html_url: links.html,
    git_url: links.git,
    download_url: e.type === 'file' ? links.download : null,
    submodule_git_url: null,
    _links: { self: links.self, git: links.git, html: links.html },
  };
}
