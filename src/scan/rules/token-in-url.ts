// A credential inside a URL travels in process arguments, `.git/config` remotes, proxy logs and the
// error messages of every tool that prints the URL it failed on.

import type { Rule, RuleHit } from '../rule.js';
import { allMatches, credentialRefs, locate, type CredentialRef } from '../text.js';
import { forEachScriptLine, maskExpressions } from '../rule-helpers.js';

const USERINFO = /\b([a-z][a-z0-9+.-]*):\/\/([^\s/@"'`<>]*)@/gi;
const QUERY = /[?&](access_token|private_token|token|api_key|apikey|key|password|auth)=(?=\$)/gi;
const INTERPOLATION = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$E+/g;
/** Query parameters that name a credential whatever is interpolated into them. */
const STRONG_PARAMS = new Set(['access_token', 'private_token', 'token', 'password', 'api_key', 'apikey']);
// Writing a URL with its password into git's credential store is the store's intended format.
const CREDENTIAL_STORE = /\.git-credentials|git\s+credential\s+(?:approve|store)/;

/** Whether text can hold a URL credential (`://` and `@`) or a query one (`?`/`&` and `=$`; masking keeps the `$`). */
function mayHaveUrlCredential(text: string): boolean {
  return (text.includes('@') && text.includes('://')) || mayHaveQueryCredential(text);
}

/** Whether text can hold a credential query parameter (see mayHaveUrlCredential). */
function mayHaveQueryCredential(text: string): boolean {
  return text.includes('=$') && (text.includes('?') || text.includes('&'));
}

/** The credential references that sit inside [from, to) of a line. */
function refsWithin(refs: CredentialRef[], from: number, to: number): CredentialRef[] {
  return refs.filter((r) => r.start >= from && r.start < to);
}

/** `token-in-url`: `https://user:${TOKEN}@host`, `x-access-token:${{ … }}@`, `?access_token=$T`. */
export const tokenInUrl: Rule = {
  id: 'token-in-url',
  title: 'Credential interpolated into a URL',
  description:
    'A token written into a URL (https://user:TOKEN@host, x-access-token:TOKEN@, oauth2:TOKEN@, ?access_token=TOKEN) ends up in process lists, in .git/config when it becomes a remote, in proxy and server logs, and in the error messages tools print when the request fails, where CI masking does not always catch it.',
  remedy:
    'Send the token in a header instead: for git, `git -c http.extraHeader="Authorization: Basic $(printf "x-access-token:%s" "$TOKEN" | base64 -w0)" …` or a credential helper that reads the env var; for curl, `-H "Authorization: token $TOKEN"` (or `-H @file`). Keep the URL credential-free.',
  severity: 'high',
  confidence: 'high',
  check(file) {
    const hits: RuleHit[] = [];
    forEachScriptLine(file, false, mayHaveUrlCredential, (script, line, index, all) => {
      const text = line.text;
      const hasUserinfo = text.includes('@') && text.includes('://');
      const hasQuery = mayHaveQueryCredential(text);
      // See mayHaveUrlCredential.
      if (!hasUserinfo && !hasQuery) return;
      // A printf/echo inside `{ …; } > ~/.git-credentials` writes the store too.
      const writesStore = CREDENTIAL_STORE.test(text) || (/^\s*(?:printf|echo)\b/.test(text) && all.slice(index + 1, index + 8).some((l) => CREDENTIAL_STORE.test(l.text)));
      if (writesStore) return;
      const masked = text.includes('${{') ? maskExpressions(text) : text;
      // Only lines with a URL credential or a query parameter need the references.
      let found: CredentialRef[] | null = null;
      const refsOf = (): CredentialRef[] => (found ??= credentialRefs(text, script.secretEnv));
      for (const m of hasUserinfo ? allMatches(USERINFO, masked) : []) {
        const start = m.index + (m[1]?.length ?? 0) + 3;
        const userinfo = m[2] ?? '';
        const colon = userinfo.indexOf(':');
        let label: string | null = null;
        let automatic = false;
        let certain = false;
        if (colon >= 0) {
          // Whatever is interpolated in the password position is a credential, whatever its name.
          const pass = userinfo.slice(colon + 1);
          const interp = allMatches(INTERPOLATION, pass)[0];
          if (interp) {
            const at = start + colon + 1 + interp.index;
            const known = refsWithin(refsOf(), at, at + interp[0].length)[0];
            label = known?.label ?? text.slice(at, at + interp[0].length);
            automatic = known?.automatic ?? false;
            certain = true;
          }
        } else {
          const known = refsWithin(refsOf(), start, start + userinfo.length)[0];
          if (known) {
            label = known.label;
            automatic = known.automatic;
            certain = known.fromSecret;
          }
        }
        if (label === null) continue;
        const pos = locate(line, m.index);
        hits.push({
          ...pos,
          message: `credential ${label} is interpolated into a ${m[1]}:// URL; it leaks through process lists, git remotes and error messages`,
          confidence: certain ? 'high' : 'medium',
          ...(automatic ? { severity: 'medium' as const } : {}),
        });
      }
      for (const m of hasQuery ? allMatches(QUERY, masked) : []) {
        const at = m.index + m[0].length;
        const known = refsWithin(refsOf(), at, at + 1)[0];
        const param = (m[1] ?? '').toLowerCase();
        if (!known && !STRONG_PARAMS.has(param)) continue;
        const written = known?.label ?? /^\$\{\{.*?\}\}|^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/.exec(text.slice(at))?.[0] ?? 'a value';
        const pos = locate(line, m.index + 1);
        hits.push({
          ...pos,
          message: `credential ${written} is passed in the URL query (${m[1]}=); it leaks through server logs, proxies and error messages`,
          confidence: known?.fromSecret ? 'high' : 'medium',
        });
      }
    });
    return hits;
  },
};
