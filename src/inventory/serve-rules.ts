import { isLoopbackListen, validListen } from './serve-schema.js';
import type { Problem } from './zod-issues.js';

// Rules of the `serve:` block that span several keys, checked on the raw document so they are reported
// together with schema problems.

function mapping(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Problems of the serve block the schema alone cannot see. */
export function serveProblems(raw: unknown): Problem[] {
  const serve = mapping(mapping(raw)['serve']);
  const listen = serve['listen'];
  // An API reachable from other machines without a token would hand out the whole history.
  if (typeof listen === 'string' && validListen(listen) && !isLoopbackListen(listen) && serve['apiToken'] === undefined) {
    return [{
      path: ['serve', 'listen'],
      at: 'value',
      message: `listening on ${listen} (not loopback) requires serve.apiToken, a secret source such as { env: CREDCANARY_API_TOKEN }`,
    }];
  }
  return [];
}
