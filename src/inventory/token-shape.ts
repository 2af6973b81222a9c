// Forge token formats: GitHub's prefixed tokens, GitLab's, and Gitea's 40 lowercase hex characters.
const TOKEN_SHAPE = /^(gh[pousr]_|github_pat_|glpat-|gldt-|glptt-|glrt-)|^[0-9a-f]{40}$/;

/** Whether text written into the inventory looks like a token pasted in by mistake (so messages must not repeat it). */
export function looksLikeToken(text: string): boolean {
  return TOKEN_SHAPE.test(text);
}
