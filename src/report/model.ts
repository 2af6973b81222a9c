import type { Status, StatusCounts } from '../core/status.js';
import type { Verdict } from '../core/verdict.js';

/** JSON report schema id (DESIGN.md). */
export const REPORT_SCHEMA = 'credcanary.report/v1';

/** One credential's verdicts. */
export interface CredentialReport {
  name: string;
  forge: string;
  persona: string;
  /** Last eight characters of the token, what forges show; null when the secret is missing. Never more. */
  last8: string | null;
  status: Status;
  probes: Verdict[];
}

/** The result of one `check` run: exactly the `credcanary.report/v1` document. */
export interface Report {
  schema: typeof REPORT_SCHEMA;
  status: Status;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  counts: StatusCounts;
  credentials: CredentialReport[];
}
