// Which secrets a scan found are forge tokens, and for which forge. `init config --from-scan` drafts
// credentials only for those: a host name, a chat id or an SSH key turned into a "Gitea credential of
// one bot" would make every check of it fail for reasons that have nothing to do with the token.

import type { Forge } from './model.js';

/** A forge a token belongs to, with its base URL when the consumer's URLs name it. */
export interface ForgeHint {
  type: Forge;
  /** The inventory's `url` for it (`https://api.github.com`, `https://git.example.com`), or null when unknown. */
  url: string | null;
  /** The type is a guess (git talks to this host, but nothing says which forge software it runs). */
  guessed?: boolean;
}

/** The verdict on one secret: the forge it is a token for, or why it is not drafted. */
export type SecretClass = { forge: ForgeHint; because: string } | { forge: null; because: string };

const URL = /https?:\/\/[^\s"'`<>)\]]+/g;

function origin(url: string): string | null {
  try {
    const u = new globalThis.URL(url);
    // A host that is a variable (`https://$GITEA_HOST/api/v1`) names no forge we can write down.
    return /[$%{}]/.test(u.host) ? null : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

/** The forges the URLs in `text` call: github.com, gitlab.com or `/api/v4/`, codeberg.org, `/api/v1/`. */
export function forgesInText(text: string): ForgeHint[] {
  const out: ForgeHint[] = [];
  const add = (hint: ForgeHint): void => {
    if (!out.some((h) => h.type === hint.type && h.url === hint.url)) out.push(hint);
  };
  for (const [raw] of text.matchAll(URL)) {
    // Credentials inside the URL (`https://bot:${TOKEN}@host/…`) are not part of the host.
    const url = raw.replace(/^(https?:\/\/)[^/@]*@/, '$1');
    const host = (/^https?:\/\/([^/:?#]+)/.exec(url)?.[1] ?? '').toLowerCase();
    const path = url.slice(url.indexOf(host) + host.length);
    if (host === 'github.com' || host.endsWith('.github.com')) add({ type: 'github', url: 'https://api.github.com' });
    else if (host === 'gitlab.com') add({ type: 'gitlab', url: 'https://gitlab.com' });
    else if (host === 'codeberg.org') add({ type: 'forgejo', url: 'https://codeberg.org' });
    else if (/\/api\/v4\//.test(path) || host.includes('gitlab')) add({ type: 'gitlab', url: origin(url) });
    else if (host.includes('forgejo')) add({ type: 'forgejo', url: origin(url) });
    else if (/\/api\/v1\//.test(path) || host.includes('gitea')) add({ type: 'gitea', url: origin(url) });
  }
  return out;
}

// A git command, a `.git` URL, or an action input that takes the forge's token (`github-token:`,
// `repo-token:`): the token talks to the forge the consumer runs on.
const GIT_USE = /\bgit\s+(?:-c\s+\S+\s+)*(?:push|clone|fetch|pull|ls-remote|remote)\b|https?:\/\/\S+\.git\b|^\s*(?:-\s+)?(?:github-token|repo-token|gitea-token)\s*:/;
// `token:` is a forge token only as the input of a checkout step, named a few lines above it.
const CHECKOUT_TOKEN = /^\s*(?:-\s+)?token\s*:/;
const CHECKOUT = /uses:\s*['"]?(?:https?:\/\/\S+\/)?actions\/checkout@/;
// The GitHub and GitLab CLIs, or an env var they read, mapped from the secret on the line that uses it.
const CLI_USE: ReadonlyArray<[RegExp, Forge]> = [
  [/\bgh\s+(?:pr|api|release|repo|issue|run|workflow|secret|label)\b|^\s*(?:-\s+)?(?:GH_TOKEN|GITHUB_TOKEN|GH_ENTERPRISE_TOKEN)\s*[:=]/, 'github'],
  [/\bglab\s+\w+|^\s*(?:-\s+)?(?:GITLAB_TOKEN|GL_TOKEN)\s*[:=]/, 'gitlab'],
  [/\btea\s+(?:pr|pulls|releases?|repos?|issues?|login)\b|^\s*(?:-\s+)?GITEA_TOKEN\s*[:=]/, 'gitea'],
];
// github.com is the only GitHub most people use; other forges' servers must be named.
const DEFAULT_URL: Partial<Record<Forge, string>> = { github: 'https://api.github.com' };

const NAMED_FORGE: ReadonlyArray<[RegExp, Forge]> = [
  [/(?:^|_)(?:GITHUB|GH)(?:_|$)/i, 'github'],
  [/(?:^|_)(?:GITLAB|GL)(?:_|$)/i, 'gitlab'],
  [/(?:^|_)(?:FORGEJO|CODEBERG)(?:_|$)/i, 'forgejo'],
  [/(?:^|_)GITEA(?:_|$)/i, 'gitea'],
];

// Services whose tokens turn up in the same workflows and cron jobs, and are not a forge's.
const OTHER_SERVICE =
  /(?:^|_)(SLACK|DISCORD|TELEGRAM|MATRIX|TWILIO|SMTP|MAIL|WEBHOOK|NPM|PYPI|TWINE|DOCKER|DOCKERHUB|QUAY|AWS|GCP|GOOGLE|AZURE|CLOUDFLARE|CF|SENTRY|CODECOV|COVERALLS|SONAR|SNYK|NETLIFY|VERCEL|HEROKU|FLY|RAILWAY|DIGITALOCEAN|HCLOUD|HETZNER|OPENAI|ANTHROPIC|VAULT|TAILSCALE|NGROK|CACHIX|NUGET|CARGO|CRATES|RUBYGEMS|ANACONDA)(?:_|$)/i;
const KEY = /SSH|PRIVATE_?KEY|(?:^|_)(?:DEPLOY_?KEY|GPG|PGP|SIGNING|COSIGN)(?:_|$)/i;
const PASSWORD = /PASSW(?:OR)?D|(?:^|_)PASS(?:_|$)/i;
const TOKEN = /TOKEN|(?:^|_)PAT(?:_|$)/i;

/** One place a secret is used: its line, the lines just above it, the consumer's whole text, and the forge running it. */
export interface SecretContext {
  line: string;
  before: string;
  file: string;
  runsOn: Forge | null;
}

/** Whether the secret `name` is a forge token, judged by its name, then by the text around its uses. */
export function classifySecret(name: string, uses: ReadonlyArray<SecretContext>): SecretClass {
  if (KEY.test(name)) return { forge: null, because: 'an SSH or signing key, not an API token' };
  if (PASSWORD.test(name)) return { forge: null, because: 'a password, not a token (a persona\'s password goes under personas.NAME.password)' };
  const service = OTHER_SERVICE.exec(name)?.[1];
  if (service) return { forge: null, because: `it belongs to ${service.toLowerCase()}, not to a forge` };
  const named = NAMED_FORGE.find(([re]) => re.test(name))?.[1];
  if (named && TOKEN.test(name)) {
    const url = uses.flatMap((u) => forgesInText(`${u.line}\n${u.file}`)).find((h) => h.type === named)?.url ?? DEFAULT_URL[named] ?? null;
    return { forge: { type: named, url }, because: `its name says ${named}` };
  }
  if (!TOKEN.test(name)) return { forge: null, because: 'does not look like a token (a host, an id or a setting)' };
  for (const u of uses) {
    const cli = CLI_USE.find(([re]) => re.test(u.line))?.[1];
    if (cli) return { forge: { type: cli, url: DEFAULT_URL[cli] ?? null }, because: `used by the ${cli} CLI or its token variable` };
  }
  // The URLs on the line that reads it say most; else one forge called anywhere in the consumer.
  for (const u of uses) {
    const here = forgesInText(u.line);
    if (here.length === 1) return { forge: here[0]!, because: `read where it calls ${here[0]!.url ?? here[0]!.type}` };
  }
  const anywhere = uses.flatMap((u) => forgesInText(u.file));
  const types = new Set(anywhere.map((h) => h.type));
  if (types.size === 1) return { forge: anywhere[0]!, because: `its consumer calls ${anywhere[0]!.url ?? anywhere[0]!.type}` };
  const git = uses.find((u) => u.runsOn !== null && (GIT_USE.test(u.line) || (CHECKOUT_TOKEN.test(u.line) && CHECKOUT.test(u.before))));
  if (git?.runsOn) return { forge: { type: git.runsOn, url: DEFAULT_URL[git.runsOn] ?? null }, because: `used by git or a checkout in a ${git.runsOn} workflow` };
  // A git URL on a host nothing else names (a crontab, a script): a forge token, of a type to confirm.
  const gitUrl = uses.map((u) => (GIT_USE.test(u.line) ? /https?:\/\/(?:[^/@\s]*@)?[^/\s"'`]+/.exec(u.line)?.[0] : undefined)).find((x) => x !== undefined);
  const host = gitUrl ? origin(gitUrl.replace(/^(https?:\/\/)[^/@]*@/, '$1')) : null;
  if (types.size === 0 && host) return { forge: { type: 'gitea', url: host, guessed: true }, because: `used by git against ${host}` };
  return { forge: null, because: types.size > 1 ? `its consumers call several forges (${[...types].join(', ')}): say which` : 'no forge URL or git command where it is used' };
}
