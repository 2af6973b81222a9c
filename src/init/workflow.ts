import { UserError } from '../core/errors.js';
import { describeCron } from './cron.js';
import { credcanaryCommand, VENDORED_BUNDLE, verifyLines, type Install } from './install.js';

// `credcanary init workflow`: a ready-made canary workflow per forge. The text is built from a template
// rather than a YAML library so that the header comment and the order of keys read like a hand-written
// workflow; every interpolated value is validated first (names, cron, label, version), and tests parse
// the result as YAML and run actionlint on it. Secrets appear only as `${{ secrets.NAME }}` in `env:`.

/** Forges `init workflow` writes for. */
export const WORKFLOW_FORGES = ['gitea', 'forgejo', 'github', 'gitlab'] as const;

/** A forge flavour of the canary workflow. */
export type WorkflowForge = (typeof WORKFLOW_FORGES)[number];

/** Everything the workflow text depends on. */
export interface WorkflowSpec {
  forge: WorkflowForge;
  /** Credential names, as in credcanary.yaml (`check --only`). */
  credentials: readonly string[];
  /** The CI secrets holding them, gated and mapped into `env:` under the same names; default: the credential names. */
  secrets?: readonly string[];
  /** Further secrets only the check reads (a persona password for exact scope checks). */
  extraSecrets?: readonly string[];
  cron: string;
  /** The credcanary version that generated the file (named in its header). */
  version: string;
  /** How the job runs credcanary: the vendored bundle pinned by SHA-256, or a package. */
  install: Install;
  /** `runs-on` label (Actions flavours). */
  runsOn?: string;
}

/** One step of a generated Actions workflow as read back from its YAML (what tests and tools inspect). */
export interface ActionsStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
}

/** Each forge's own workflow path (Gitea/Forgejo read only the first workflow folder that exists: `init workflow` picks with workflow-dir.ts). */
export const WORKFLOW_PATHS: Record<WorkflowForge, string> = {
  github: '.github/workflows/credcanary.yml',
  gitea: '.gitea/workflows/credcanary.yml',
  forgejo: '.forgejo/workflows/credcanary.yml',
  gitlab: '.gitlab-ci.yml',
};

/** `check --format` per forge: annotations on GitHub; plain text where `::error::` is not rendered. */
export const CHECK_FORMATS: Record<WorkflowForge, string> = {
  github: 'github',
  gitea: 'plain',
  forgejo: 'plain',
  gitlab: 'plain',
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The inventory's name rule; also keeps `--only NAME` a single, inert shell word.
const CREDENTIAL_NAME = /^[A-Za-z0-9_.-]+$/;
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** Secret-name prefixes each forge reserves (its secrets UI rejects them). */
const RESERVED_PREFIXES: Record<WorkflowForge, readonly string[]> = {
  github: ['GITHUB_'],
  gitea: ['GITHUB_', 'GITEA_'],
  forgejo: ['GITHUB_', 'GITEA_', 'FORGEJO_'],
  gitlab: ['CI_', 'GITLAB_'],
};

/** Checks a forge name given to `--forge`. */
export function parseWorkflowForge(value: string | undefined): WorkflowForge {
  if (value !== undefined && (WORKFLOW_FORGES as readonly string[]).includes(value)) return value as WorkflowForge;
  throw new UserError(value === undefined ? '--forge is required' : `unknown --forge "${value}"`, [
    `expected one of: ${WORKFLOW_FORGES.join(', ')}`,
    'usage: credcanary init workflow --forge gitea|forgejo|github|gitlab [--credential NAME...] [--cron EXPR] [--output FILE|-] [--force]',
  ]);
}

/** Checks that every name can be a CI secret and an environment variable on this forge. */
export function validateSecretNames(names: readonly string[], forge: WorkflowForge): void {
  const problems: string[] = [];
  for (const name of names) {
    if (!ENV_NAME.test(name)) problems.push(`${JSON.stringify(name)}: expected letters, digits and "_", not starting with a digit`);
    const prefix = RESERVED_PREFIXES[forge].find((p) => name.toUpperCase().startsWith(p));
    if (prefix) problems.push(`${name}: ${forge} reserves secret names starting with ${prefix}`);
  }
  if (problems.length > 0) throw new UserError('invalid credential name for a CI secret', problems);
}

/** The workflow file text for `spec`. */
export function renderWorkflow(spec: WorkflowSpec): string {
  if (spec.credentials.length === 0) throw new UserError('no credentials to check', ['pass --credential NAME (repeatable)']);
  const badNames = spec.credentials.filter((n) => !CREDENTIAL_NAME.test(n));
  if (badNames.length > 0) throw new UserError(`invalid credential name ${badNames.map((n) => JSON.stringify(n)).join(', ')}`, ['expected letters, digits, "_", "." or "-"']);
  const secrets = spec.secrets ?? spec.credentials;
  if (secrets.length === 0) {
    throw new UserError('none of these credentials is read from an environment variable', [
      'the workflow maps CI secrets into env:, so give each credential source: { env: NAME } in credcanary.yaml',
    ]);
  }
  validateSecretNames([...secrets, ...(spec.extraSecrets ?? [])], spec.forge);
  if (!VERSION.test(spec.version)) throw new Error(`not a release version: ${spec.version}`);
  const runsOn = spec.runsOn ?? 'ubuntu-latest';
  if (!LABEL.test(runsOn)) throw new UserError(`--runs-on "${runsOn}" is not a runner label`, ['expected letters, digits, ".", "_" or "-"']);
  return spec.forge === 'gitlab' ? gitlabCi(spec, secrets) : actionsWorkflow(spec, secrets, runsOn);
}

function header(spec: WorkflowSpec, comment: string): string[] {
  const names = spec.credentials.join(', ');
  const lines = [
    `credcanary canary for ${names}`,
    `Generated by \`credcanary init workflow --forge ${spec.forge}\` (credcanary ${spec.version}); edit freely.`,
    ...installNote(spec.install),
    '',
    `What it checks, ${describeCron(spec.cron)} and on manual start:`,
    '  1. gate:  each secret is provisioned here. A missing secret fails the run; it never passes quietly.',
    '  2. check: each token, against credcanary.yaml: not revoked, the expected bot persona, its scopes,',
    '            repository access, branch push rights, the git HTTPS push path, canonical file drift.',
    '',
    'Failure modes (the log names the class; exit 1 = fail, 3 = inconclusive):',
    '  missing            the secret is not set                -> provision it (see Runbook)',
    '  revoked            401: token rotated or revoked        -> mint a new token for the bot persona, update the secret',
    '  wrong-persona      the token is another account\'s      -> replace it with a token of the bot persona',
    '  forbidden-persona  the token belongs to a human         -> replace it with a bot token; never a personal one',
    '  scope-missing      a required scope is gone             -> mint a token with the scopes in credcanary.yaml',
    '  access-lost        repository access lost (404/perms)   -> restore the bot\'s repository membership',
    '  push-denied        branch protection blocks the bot     -> add the bot to the branch\'s push allowlist',
    '  git-auth-failed    git over HTTPS rejects the token     -> check the token and the forge\'s git HTTP settings',
    '  drift              a canonical file differs             -> sync the file or update credcanary.yaml',
    '  inconclusive       forge unreachable or rate limited    -> nothing is known yet; re-run later',
    '',
    'Runbook: a red run names the secret and the remedy. After rotating a token, store the new value',
    `under the same secret name, then start this workflow by hand and watch it turn green.`,
    `Help: ${credcanaryCommand(spec.install)} check --help (and gate --help); docs/ci.md and docs/gate.md in the package.`,
  ];
  if (comment) lines.push('', ...comment.split('\n'));
  return lines.map((l) => (l === '' ? '#' : `# ${l}`));
}

function secretEnv(names: readonly string[], indent: string): string[] {
  return [`${indent}env:`, ...names.map((n) => `${indent}  ${n}: \${{ secrets.${n} }}`)];
}

/** Header lines on how the job gets credcanary. */
function installNote(install: Install): string[] {
  switch (install.kind) {
    case 'vendored':
      return [
        `It runs the credcanary bundle committed at ${VENDORED_BUNDLE} (no network, no install step), and`,
        `only after checking the file's SHA-256 against the one pinned below: a changed file stops the job.`,
      ];
    case 'npm':
      return [`It runs credcanary ${install.version} from the npm registry (npx).`];
    case 'spec':
      return [`It runs credcanary from ${install.spec} (npx).`];
  }
}

/** A step's `run:` value: one line, or a literal block when the bundle's hash is checked first. */
function runValue(install: Install, command: string, indent: string): string[] {
  const lines = [...verifyLines(install), `${credcanaryCommand(install)} ${command}`];
  return lines.length === 1 ? [`${indent}run: ${lines[0]}`] : [`${indent}run: |`, ...lines.map((l) => `${indent}  ${l}`)];
}

// Gitea ignores timeout-minutes in every release, and permissions and concurrency before 1.26
// (gitea-api-facts.md "Actions syntax"): on Gitea and Forgejo the file keeps the last two for the
// releases that honour them, says that nothing relies on them, and names what does bound the job.
function giteaNote(forge: 'gitea' | 'forgejo', runsOn: string): string {
  const name = forge === 'forgejo' ? 'Forgejo' : 'Gitea';
  return [
    `${name} shows "::error::" as plain text and drops step summaries, so both steps print a plain-text block.`,
    'Not relied on here: Gitea ignores timeout-minutes (so this file has none), and permissions and',
    'concurrency before 1.26 (kept below for the releases that honour them). What bounds this job is',
    "credcanary's own timeouts: every request and git call gives up after settings.timeoutSeconds",
    '(credcanary.yaml, default 10 s) with bounded retries, ending as inconclusive (exit 3).',
    `runs-on: "${runsOn}" must be a label your runner was registered with, or the job never starts`,
    '(act_runner registers ubuntu-latest by default; forgejo-runner often docker): --runs-on LABEL.',
  ].join('\n');
}

function actionsWorkflow(spec: WorkflowSpec, secrets: readonly string[], runsOn: string): string {
  const names = spec.credentials.join(' ');
  const allSecrets = [...new Set([...secrets, ...(spec.extraSecrets ?? [])])];
  const github = spec.forge === 'github';
  const forgeNote = spec.forge === 'github' ? '' : giteaNote(spec.forge === 'forgejo' ? 'forgejo' : 'gitea', runsOn);
  const lines = [
    ...header(spec, forgeNote),
    'name: credcanary',
    '',
    'on:',
    '  schedule:',
    `    - cron: "${spec.cron}"`,
    '  workflow_dispatch:',
    '',
    ...(github ? [] : ['# Honoured by GitHub and Gitea 1.26+; ignored by Gitea 1.25 and older.']),
    'permissions:',
    '  contents: read',
    '',
    'concurrency:',
    '  group: credcanary',
    '  cancel-in-progress: false',
    '',
    'jobs:',
    '  canary:',
    `    runs-on: ${runsOn}`,
    ...(github ? ['    timeout-minutes: 10'] : []),
    '    steps:',
    '      - name: Check out credcanary.yaml and the canonical files',
    '        uses: actions/checkout@v4',
    '        with:',
    '          persist-credentials: false',
    '      - name: Set up Node.js',
    '        uses: actions/setup-node@v4',
    '        with:',
    "          node-version: '20'",
    '      - name: Gate - required secrets are provisioned',
    '        id: gate',
    ...secretEnv(secrets, '        '),
    ...runValue(spec.install, `gate ${secrets.join(' ')}`, '        '),
    '      - name: Check - tokens are valid, the right bot, still permitted',
    "        if: steps.gate.outputs.present == 'true'",
    ...secretEnv(allSecrets, '        '),
    ...runValue(spec.install, `check --format ${CHECK_FORMATS[spec.forge]} --only ${names}`, '        '),
  ];
  return `${lines.join('\n')}\n`;
}

function gitlabCi(spec: WorkflowSpec, secrets: readonly string[]): string {
  const run = credcanaryCommand(spec.install);
  // Single-quoted in YAML: the check line holds ":" and "{", which a plain scalar cannot.
  const verify = verifyLines(spec.install).map((l) => `    - '${l}'`);
  const names = spec.credentials.join(' ');
  const note = [
    'Schedule: CI/CD -> Schedules -> New schedule, interval pattern',
    `  ${spec.cron}  (UTC), target branch: your default branch. Keep that branch protected:`,
    'on an unprotected ref the gate only warns, because protected variables are withheld there.',
    `Variables: Settings -> CI/CD -> Variables: ${[...secrets, ...(spec.extraSecrets ?? [])].join(', ')} (masked; protected is fine).`,
    'Already have a .gitlab-ci.yml? Write this to another file (--output) and add it with include: local.',
  ].join('\n');
  const lines = [
    ...header(spec, note),
    'credcanary:',
    '  image: node:20-bookworm',
    '  rules:',
    '    - if: $CI_PIPELINE_SOURCE == "schedule"',
    '    - if: $CI_PIPELINE_SOURCE == "web"',
    '  resource_group: credcanary',
    '  timeout: 10 minutes',
    '  variables:',
    '    GIT_DEPTH: "1"',
    '  script:',
    ...verify,
    `    - ${run} gate --junit credcanary-gate.xml ${secrets.join(' ')}`,
    `    - ${run} check --format ${CHECK_FORMATS.gitlab} --junit credcanary-check.xml --only ${names}`,
    '  artifacts:',
    '    when: always',
    '    reports:',
    '      junit:',
    '        - credcanary-gate.xml',
    '        - credcanary-check.xml',
  ];
  return `${lines.join('\n')}\n`;
}
