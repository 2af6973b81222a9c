// The `credcanary.scan/v1` document and the pieces every scanner part shares. Paths are relative to
// the scan root with `/` separators, so results are stable across machines and usable in SARIF.

/** JSON schema id of a scan result. */
export const SCAN_SCHEMA = 'credcanary.scan/v1';

/** What kind of file a consumer was read from. */
export type ConsumerKind =
  | 'workflow'
  | 'reusable-workflow'
  | 'composite-action'
  | 'gitlab-ci'
  | 'crontab'
  | 'systemd'
  | 'script';

/** Forges whose runners read a workflow folder. */
export type Forge = 'github' | 'gitea' | 'forgejo' | 'gitlab';

/** Finding severities, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** A finding severity. */
export type Severity = (typeof SEVERITIES)[number];

/** How sure a rule is that the pattern it matched is the problem it describes. */
export type Confidence = 'low' | 'medium' | 'high';

/** A 1-based position in a file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * How a secret reaches a consumer: `expression` (`${{ secrets.X }}`), `env` (`$X` of an env var mapped
 * from a secret), `inherit` (`secrets: inherit`), `toJSON` (every secret at once), `env-file`
 * (`source`/`.` of an env file, `EnvironmentFile=`) or `variable` (a credential-like variable the
 * file reads from its environment: GitLab CI variables, cron and script environments).
 */
export type SecretVia = 'expression' | 'env' | 'inherit' | 'toJSON' | 'env-file' | 'variable';

/** One place a consumer reads a secret. */
export interface SecretUse extends Position {
  /** The secret's name (`*` for `secrets: inherit` and `toJSON(secrets)`: every secret). */
  name: string;
  via: SecretVia;
  /** The env var or env file it came through, when not direct. */
  through?: string;
  /** A token the platform provides by itself (GITHUB_TOKEN, CI_JOB_TOKEN, …): never in an inventory. */
  automatic?: boolean;
}

/** What starts a consumer: an event, or a schedule with its cron expression. */
export interface Trigger extends Position {
  event: string;
  /** Cron expression (`schedule`), or systemd calendar spec for timers. */
  cron?: string;
}

/** One step of a job. */
export interface StepSummary extends Position {
  name: string | null;
  uses: string | null;
}

/** One job (or a crontab line, or a systemd service) of a consumer. */
export interface JobSummary extends Position {
  id: string;
  /** A reusable workflow this job calls. */
  uses?: string;
  steps: StepSummary[];
}

/** An env file a consumer loads, with the keys it defines when the file exists in the tree. */
export interface EnvFileUse extends Position {
  path: string;
  /** Path of the env file relative to the scan root when it was found in the tree. */
  resolved: string | null;
  keys: string[];
}

/** One consumer: a workflow, GitLab pipeline, crontab, systemd service or script. */
export interface Consumer {
  /** Stable id: the file path (plus `#unit` for systemd services defined with a timer). */
  id: string;
  path: string;
  kind: ConsumerKind;
  /** Forges that run it (for workflows, the folder decides). */
  forges: Forge[];
  /** Why a forge does not read it, e.g. `.gitea/workflows exists, so Gitea ignores .github/workflows`. */
  notes: string[];
  triggers: Trigger[];
  jobs: JobSummary[];
  secrets: SecretUse[];
  envFiles: EnvFileUse[];
  /** Other files it pulls in (GitLab `include:` locals, the timer of a service). */
  includes: string[];
}

/** One lint finding. */
export interface Finding extends Position {
  rule: string;
  severity: Severity;
  confidence: Confidence;
  file: string;
  message: string;
  remedy: string;
}

/** A problem reading a file (it does not parse, cannot be read): reported, never fatal. */
export interface Diagnostic extends Position {
  file: string;
  message: string;
}

/** What happened to one scanned file. */
export interface FileEntry {
  path: string;
  kind: ConsumerKind;
  /** `ok`, or `error` when it could not be read or parsed (see diagnostics). */
  status: 'ok' | 'error';
}

/** A finding an inline comment or the inventory's allowlist silenced. */
export interface SuppressedFinding extends Finding {
  /** `inline` or `config`, and the reason given. */
  by: 'inline' | 'config';
  reason: string;
}

/** Cross-checks of the scan against the inventory (`--config`). */
export interface InventoryCrossCheck {
  inventory: string;
  /** Secrets consumers read that the inventory does not declare. */
  undeclared: { name: string; consumers: string[] }[];
  /** Declared credentials no discovered consumer reads. */
  unused: string[];
  /** Consumers whose credential resolves to a human persona. */
  humanPersona: { consumer: string; credential: string; persona: string }[];
  /** Workflow schedules that could seed `heartbeat` settings. */
  heartbeatSeeds: { consumer: string; schedule: string; declared: boolean }[];
}

/** The `credcanary.scan/v1` document. */
export interface ScanResult {
  schema: typeof SCAN_SCHEMA;
  root: string;
  files: FileEntry[];
  consumers: Consumer[];
  findings: Finding[];
  suppressed: SuppressedFinding[];
  diagnostics: Diagnostic[];
  inventory: InventoryCrossCheck | null;
}
