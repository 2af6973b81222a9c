// GitHub response bodies, field for field as the OpenAPI schemas private-user, simple-user, full-repository,
// branch-with-protection, branch-protection, content-file and rate-limit-overview declare them
// (github-conformance.test.ts checks each against the trimmed description).

import type { CommitInfo, FileInfo } from '../git-store.js';
import type { GhProtection, GhRepo, GhRole, GhUser } from './model.js';
import { roleRank } from './model.js';

/** Where the mode's API and web pages live. */
export interface GhUrls {
  /** `http://127.0.0.1:PORT/api/v3` (GitHub Enterprise Server layout). */
  api: string;
  /** `http://127.0.0.1:PORT` */
  web: string;
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}

/** simple-user. */
export function simpleUser(u: GhUrls, user: GhUser): Record<string, unknown> {
  const base = `${u.api}/users/${user.login}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.isOrg ? 'Organization' : 'User', user.id),
    avatar_url: `${u.web}/avatars/u/${user.id}`,
    gravatar_id: '',
    url: base,
    html_url: `${u.web}/${user.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: user.isOrg ? 'Organization' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** private-user (GET /user) or public-user (GET /users/{u}). */
export function fullUser(u: GhUrls, user: GhUser, own: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...simpleUser(u, user),
    user_view_type: own ? 'private' : 'public',
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    notification_email: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: iso(user.created),
    updated_at: iso(user.created),
  };
  if (own) {
    Object.assign(out, {
      private_gists: 0,
      total_private_repos: 0,
      owned_private_repos: 0,
      disk_usage: 0,
      collaborators: 0,
      two_factor_authentication: true,
      plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
    });
  }
  return out;
}

const REPO_URLS: Array<[string, string]> = [
  ['forks_url', '/forks'], ['keys_url', '/keys{/key_id}'], ['collaborators_url', '/collaborators{/collaborator}'],
  ['teams_url', '/teams'], ['hooks_url', '/hooks'], ['issue_events_url', '/issues/events{/number}'],
  ['events_url', '/events'], ['assignees_url', '/assignees{/user}'], ['branches_url', '/branches{/branch}'],
  ['tags_url', '/tags'], ['blobs_url', '/git/blobs{/sha}'], ['git_tags_url', '/git/tags{/sha}'],
  ['git_refs_url', '/git/refs{/sha}'], ['trees_url', '/git/trees{/sha}'], ['statuses_url', '/statuses/{sha}'],
  ['languages_url', '/languages'], ['stargazers_url', '/stargazers'], ['contributors_url', '/contributors'],
  ['subscribers_url', '/subscribers'], ['subscription_url', '/subscription'], ['commits_url', '/commits{/sha}'],
  ['git_commits_url', '/git/commits{/sha}'], ['comments_url', '/comments{/number}'],
  ['issue_comment_url', '/issues/comments{/number}'], ['contents_url', '/contents/{+path}'],
  ['compare_url', '/compare/{base}...{head}'], ['merges_url', '/merges'], ['archive_url', '/{archive_format}{/ref}'],
  ['downloads_url', '/downloads'], ['issues_url', '/issues{/number}'], ['pulls_url', '/pulls{/number}'],
  ['milestones_url', '/milestones{/number}'], ['notifications_url', '/notifications{?since,all,participating}'],
  ['labels_url', '/labels{/name}'], ['releases_url', '/releases{/id}'], ['deployments_url', '/deployments'],
];

/** `permissions` of a repository for a role (null: the field is left out, as for anonymous callers). */
export function rolePermissions(role: GhRole | null): Record<string, boolean> | null {
  if (!role) return null;
  const r = roleRank(role);
  return { admin: r >= 5, maintain: r >= 4, push: r >= 3, triage: r >= 2, pull: r >= 1 };
}

/** repository (as in installation repository lists) without permissions. */
export function repository(u: GhUrls, repo: GhRepo): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const url = `${u.api}/repos/${full}`;
  const out: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    private: repo.private,
    owner: simpleUser(u, repo.owner),
    html_url: `${u.web}/${full}`,
    description: null,
    fork: false,
    url,
  };
  for (const [k, suffix] of REPO_URLS) out[k] = `${url}${suffix}`;
  const created = iso(repo.created);
  Object.assign(out, {
    created_at: created,
    updated_at: created,
    pushed_at: created,
    git_url: `git://${new URL(u.web).host}/${full}.git`,
    ssh_url: `git@${new URL(u.web).hostname}:${full}.git`,
    clone_url: `${u.web}/${full}.git`,
    svn_url: `${u.web}/${full}`,
    homepage: null,
    size: 1,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.defaultBranch,
  });
  return out;
}

/** full-repository, with `permissions` when the caller is authenticated. */
export function fullRepository(u: GhUrls, repo: GhRepo, role: GhRole | null): Record<string, unknown> {
  const out = repository(u, repo);
  // full-repository does not declare has_downloads as required, but GitHub sends it; network fields are its own.
  const perms = rolePermissions(role);
  if (perms) out.permissions = perms;
  Object.assign(out, { network_count: 0, subscribers_count: 0 });
  if (repo.owner.isOrg) out.organization = simpleUser(u, repo.owner);
  return out;
}

/** commit (the head of a branch). */
export function commit(u: GhUrls, repo: GhRepo, c: CommitInfo): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    sha: c.sha,
    node_id: nodeId('Commit', Number.parseInt(c.sha.slice(0, 7), 16)),
    commit: {
      author: { name: c.authorName, email: c.authorEmail, date: c.authorDate },
      committer: { name: c.committerName, email: c.committerEmail, date: c.committerDate },
      message: c.message.trimEnd(),
      tree: { sha: c.sha, url: `${u.api}/repos/${full}/git/trees/${c.sha}` },
      url: `${u.api}/repos/${full}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    url: `${u.api}/repos/${full}/commits/${c.sha}`,
    html_url: `${u.web}/${full}/commit/${c.sha}`,
    comments_url: `${u.api}/repos/${full}/commits/${c.sha}/comments`,
    author: null,
    committer: null,
    parents: [],
  };
}

/** branch-with-protection. */
export function branchWithProtection(u: GhUrls, repo: GhRepo, name: string, c: CommitInfo, rule: GhProtection | undefined): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const url = `${u.api}/repos/${full}/branches/${name}`;
  return {
    name,
    commit: commit(u, repo, c),
    _links: { self: url, html: `${u.web}/${full}/tree/${name}` },
    protected: rule !== undefined,
    // GitHub shows only whether protection is on and its status checks to non-admins.
    protection: { enabled: rule !== undefined, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${url}/protection`,
  };
}

/** branch-protection (admins only). */
export function branchProtection(u: GhUrls, repo: GhRepo, name: string, rule: GhProtection, users: GhUser[]): Record<string, unknown> {
  const url = `${u.api}/repos/${repo.owner.login}/${repo.name}/branches/${name}/protection`;
  const out: Record<string, unknown> = {
    url,
    required_signatures: { url: `${url}/required_signatures`, enabled: false },
    enforce_admins: { url: `${url}/enforce_admins`, enabled: rule.enforceAdmins },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    block_creations: { enabled: false },
    required_conversation_resolution: { enabled: false },
    lock_branch: { enabled: rule.lockBranch },
    allow_fork_syncing: { enabled: false },
  };
  if (rule.requireReviews) {
    out.required_pull_request_reviews = { url: `${url}/required_pull_request_reviews`, dismiss_stale_reviews: false, require_code_owner_reviews: false, required_approving_review_count: 1, require_last_push_approval: false };
  }
  if (rule.restrictUsers !== null) {
    out.restrictions = {
      url: `${url}/restrictions`,
      users_url: `${url}/restrictions/users`,
      teams_url: `${url}/restrictions/teams`,
      apps_url: `${url}/restrictions/apps`,
      users: users.map((x) => simpleUser(u, x)),
      teams: [],
      apps: [],
    };
  }
  return out;
}

/** content-file for a file read through the contents API. */
export function contentFile(u: GhUrls, repo: GhRepo, path: string, ref: string, f: FileInfo): Record<string, unknown> {
  const full = `${repo.owner.login}/${repo.name}`;
  const self = `${u.api}/repos/${full}/contents/${path}?ref=${ref}`;
  const git = `${u.api}/repos/${full}/git/blobs/${f.blobSha}`;
  const html = `${u.web}/${full}/blob/${ref}/${path}`;
  return {
    type: 'file',
    encoding: 'base64',
    size: f.content.length,
    name: path.split('/').pop() ?? path,
    path,
    content: f.content.toString('base64').replace(/(.{60})/g, '$1\n'),
    sha: f.blobSha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${u.web}/${full}/raw/${ref}/${path}`,
    _links: { self, git, html },
  };
}
