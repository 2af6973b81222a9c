import { UserError } from '../core/errors.js';
import { WORKFLOW_PATHS } from './workflow.js';

// `credcanary init config`: a starter credcanary.yaml. It is a working example (it validates against the
// inventory schema, which a test asserts), with every optional part shown commented out, so a newcomer
// edits values instead of reading the schema.

/** What the starter may be tailored with. */
export interface StarterOptions {
  /** Credential names to pre-fill; default one example, AUTO_SYNC_TOKEN. */
  credentials?: readonly string[];
  forgeType?: 'gitea' | 'forgejo' | 'github' | 'gitlab';
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** What differs per forge in the starter: the URL, the scopes a read-only canary needs, and how to read them. */
const FORGE_STARTER: Record<NonNullable<StarterOptions['forgeType']>, { url: string; urlNote: string; scopes: string; scopesNote: string; passwordNote: boolean }> = {
  gitea: { url: 'https://git.example.com', urlNote: '', scopes: 'read:user, read:repository', scopesNote: 'required; extra scopes on the token are a warning', passwordNote: true },
  forgejo: { url: 'https://git.example.com', urlNote: '', scopes: 'read:user, read:repository', scopesNote: 'required; extra scopes on the token are a warning', passwordNote: true },
  github: {
    url: 'https://github.com',
    urlNote: '   # GitHub Enterprise Server: https://github.example.com (the API is under /api/v3)',
    scopes: 'repo',
    scopesNote: 'classic PAT scopes (read from X-OAuth-Scopes); fine-grained and App tokens: permissions such as contents=read, metadata=read',
    passwordNote: false,
  },
  gitlab: {
    url: 'https://gitlab.com',
    urlNote: '   # or your self-managed GitLab',
    scopes: 'read_api, read_repository',
    scopesNote: 'read from GET /personal_access_tokens/self; push: write_repository',
    passwordNote: false,
  },
};

/** The starter inventory text. */
export function starterConfig(options: StarterOptions = {}): string {
  const names = options.credentials && options.credentials.length > 0 ? options.credentials : ['AUTO_SYNC_TOKEN'];
  const bad = names.filter((n) => !NAME.test(n));
  if (bad.length > 0) throw new UserError(`invalid credential name ${bad.map((n) => JSON.stringify(n)).join(', ')}`, ['expected letters, digits, "_", "." or "-"']);
  const type = options.forgeType ?? 'gitea';
  const forge = FORGE_STARTER[type];
  const credentials = names.flatMap((name, i) => credentialBlock(name, i === 0, forge.scopes, forge.scopesNote));
  return `${[
    '# credcanary inventory: which bot tokens your automation depends on, and what each must be able to do.',
    '# Validate offline with `credcanary validate`, then probe live with `credcanary check`.',
    '# Editor completion: `credcanary schema > credcanary.schema.json`.',
    `# Replace every example value (${new URL(forge.url).host}, acme/...) with yours.`,
    'version: 1',
    '',
    'forges:',
    '  core:',
    `    type: ${type}                 # gitea | forgejo | github | gitlab | http`,
    `    url: ${forge.url}${forge.urlNote}`,
    '',
    'personas:',
    '  # The account each token must belong to. kind: bot may run automation; kind: human must not.',
    '  ci-bot:',
    '    kind: bot',
    '    # login: ci-bot-login      # when the forge login differs from this key',
    ...(forge.passwordNote ? ['    # password: { env: CI_BOT_PASSWORD }   # lets the scopes probe list tokens instead of guessing'] : []),
    '  # founder: { kind: human }   # a token of this persona in automation is a policy failure',
    '',
    'credentials:',
    ...credentials,
    '',
    'consumers:',
    '  # Who uses the tokens. A heartbeat turns a consumer that stops succeeding into an alert.',
    '  canary-workflow:',
    '    kind: workflow            # workflow | cron | script | service',
    `    path: ${WORKFLOW_PATHS[type]}`,
    `    credentials: [${names.join(', ')}]`,
    '    # heartbeat: { schedule: "17 */6 * * *", tz: UTC, grace: 1h }   # or { period: 6h, grace: 1h }',
    '',
    '# notify:',
    '#   ops: { type: slack, url: { env: SLACK_WEBHOOK_URL } }',
    '',
    'settings:',
    '  timeoutSeconds: 10',
    '  concurrency: 8',
    '  retries: 2',
  ].join('\n')}\n`;
}

function credentialBlock(name: string, first: boolean, scopes: string, scopesNote: string): string[] {
  const lines = [
    `  ${name}:`,
    '    forge: core',
    `    source: { env: ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : 'TOKEN'} }   # or { file: PATH } | { envFile: PATH, key: NAME } | { command: [ARGV, ...] }`,
    '    persona: ci-bot',
    `    scopes: [${scopes}]   # ${scopesNote}`,
    '    repos:',
    '      - repo: acme/core',
    '        access: pull            # pull | push | admin',
    '        # branches: [staging]   # with access: push, checks branch push rights and the git push path',
  ];
  if (first) {
    lines.push(
      '    # files:                  # canonical drift: the remote file must equal the local copy',
      '    #   - repo: acme/controlplane',
      '    #     path: internal/providers/providers.yaml',
      '    #     ref: main',
      '    #     local: internal/providers/providers.yaml',
    );
  }
  return lines;
}
