// Shell-style KEY=VALUE files (the `.env` files that cron jobs `source`), read the way a POSIX shell
// would read plain assignments, so the value credcanary checks is the value the job gets. Variable
// expansion and command substitution are not performed: `$` and backticks are literal.

/** A syntax error in an env file; the message never quotes the file's text (it may hold secrets). */
export class EnvFileSyntaxError extends Error {
  override readonly name = 'EnvFileSyntaxError';
  constructor(
    /** 1-based line where the problem starts. */
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const BLANK = new Set([' ', '\t']);
const KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
// Inside double quotes a backslash escapes only these, as in the shell (plus \n, which people expect).
const DOUBLE_QUOTE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', $: '$', '`': '`', n: '\n' };

/** Parses an env file into its assignments (a later assignment of a key wins, as in the shell). */
export function parseEnvFile(source: string): Map<string, string> {
  return new EnvFileParser(source.replace(/\r\n/g, '\n')).parse();
}

class EnvFileParser {
  private i = 0;
  private line = 1;
  private readonly values = new Map<string, string>();

  constructor(private readonly text: string) {}

  parse(): Map<string, string> {
    while (this.i < this.text.length) {
      this.skipBlanks();
      const c = this.text[this.i];
      if (c === undefined) break;
      if (c === '\n') this.newline();
      else if (c === '#') this.skipComment();
      else this.assignment();
    }
    return this.values;
  }

  private assignment(): void {
    let exported = false;
    if (this.text.startsWith('export', this.i) && BLANK.has(this.text[this.i + 6] ?? '')) {
      this.i += 6;
      this.skipBlanks();
      exported = true;
    }
    KEY.lastIndex = this.i;
    const key = KEY.exec(this.text)?.[0];
    if (!key) throw new EnvFileSyntaxError(this.line, 'expected KEY=VALUE, where KEY is letters, digits and "_" (not starting with a digit)');
    this.i += key.length;
    const next = this.text[this.i];
    if (next !== '=') {
      // `export NAME` re-exports a variable set elsewhere: valid shell, assigns nothing.
      if (exported && this.atEndOfStatement()) return this.endOfLine(key);
      if (next !== undefined && BLANK.has(next)) throw new EnvFileSyntaxError(this.line, `no space is allowed before "=" after ${key} (shell syntax)`);
      throw new EnvFileSyntaxError(this.line, `expected "=" after ${key}`);
    }
    this.i += 1;
    this.values.set(key, this.value(key));
    this.endOfLine(key);
  }

  private value(key: string): string {
    let out = '';
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === '\n' || BLANK.has(c)) return out;
      if (c === "'") out += this.singleQuoted(key);
      else if (c === '"') out += this.doubleQuoted(key);
      else if (c === '\\') out += this.unquotedEscape();
      else {
        out += c;
        this.i += 1;
      }
    }
  }

  private singleQuoted(key: string): string {
    const start = this.line;
    const end = this.text.indexOf("'", this.i + 1);
    if (end < 0) throw new EnvFileSyntaxError(start, `unterminated single quote in the value of ${key}`);
    const literal = this.text.slice(this.i + 1, end);
    this.line += literal.split('\n').length - 1;
    this.i = end + 1;
    return literal;
  }

  private doubleQuoted(key: string): string {
    const start = this.line;
    let out = '';
    this.i += 1;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) throw new EnvFileSyntaxError(start, `unterminated double quote in the value of ${key}`);
      this.i += 1;
      if (c === '"') return out;
      if (c === '\n') this.line += 1;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const escaped = this.text[this.i];
      if (escaped === '\n') {
        // Backslash-newline continues the line and adds nothing.
        this.line += 1;
        this.i += 1;
      } else if (escaped !== undefined && escaped in DOUBLE_QUOTE_ESCAPES) {
        out += DOUBLE_QUOTE_ESCAPES[escaped];
        this.i += 1;
      } else {
        out += '\\';
      }
    }
  }

  private unquotedEscape(): string {
    const escaped = this.text[this.i + 1];
    if (escaped === undefined) {
      this.i += 1;
      return '\\';
    }
    this.i += 2;
    if (escaped === '\n') {
      this.line += 1;
      return '';
    }
    return escaped;
  }

  private atEndOfStatement(): boolean {
    let j = this.i;
    while (BLANK.has(this.text[j] ?? '')) j += 1;
    const c = this.text[j];
    return c === undefined || c === '\n' || c === '#';
  }

  private endOfLine(key: string): void {
    if (!this.atEndOfStatement()) {
      throw new EnvFileSyntaxError(this.line, `unexpected text after the value of ${key} (quote a value that contains spaces)`);
    }
    this.skipBlanks();
    if (this.text[this.i] === '#') this.skipComment();
  }

  private skipBlanks(): void {
    while (BLANK.has(this.text[this.i] ?? '')) this.i += 1;
  }

  private skipComment(): void {
    const end = this.text.indexOf('\n', this.i);
    this.i = end < 0 ? this.text.length : end;
  }

  private newline(): void {
    this.line += 1;
    this.i += 1;
  }
}
