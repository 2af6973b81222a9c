import { pino, type Logger } from 'pino';
import { redact } from '../secrets/redact.js';

/** Log levels `--log-level` accepts. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

/** A log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The structured log (JSON lines on stderr). Any field named like a credential is censored, and every
 * registered secret is scrubbed from the final line, whatever field it hid in. */
export function createLogger(level: LogLevel, destination: NodeJS.WritableStream = process.stderr): Logger {
  const stream = {
    write: (line: string) => {
      destination.write(redact(line));
    },
  };
  return pino(
    {
      level,
      base: { name: 'credcanary' },
      redact: { paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'headers.*'], censor: '[REDACTED]' },
    },
    stream,
  );
}



