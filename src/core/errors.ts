/** Where in an input file something was found: 1-based line and column. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** An error the user can fix: bad arguments or bad configuration. The CLI prints it without a stack and exits 2. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Extra lines (one per problem) printed under the message. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** One problem in a configuration file, with its position and what was expected. */
export interface ConfigIssue extends SourcePosition {
  /** Dotted path inside the document, e.g. `credentials.AUTO_SYNC_TOKEN.forge`. */
  path: string;
  message: string;
}

/** A configuration file that failed validation; every issue carries file:line:column. */
export class ConfigError extends UserError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      issues.length === 1 ? 'invalid configuration' : `invalid configuration (${issues.length} problems)`,
      issues.map(formatConfigIssue),
    );
  }
}

/** `file:line:column: path: message` — the shape editors and CI annotations understand. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.path ? `${issue.path}: ` : '';
  return `${issue.file}:${issue.line}:${issue.column}: ${where}${issue.message}`;
}
