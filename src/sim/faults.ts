// Fault injection for the simulator: latency, error statuses (with Retry-After), connection resets and hangs,
// matched by method and path prefix, each rule counting down its `times`.

import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultRule } from './types.js';

interface LiveRule {
  rule: FaultRule;
  remaining: number;
}

/** What to do with one request, decided by the first matching rule with uses left. */
export type FaultAction = { latencyMs: number; then: 'pass' | 'status' | 'reset' | 'hang'; rule: FaultRule };

/** The rule list and the sockets held open by `hang` faults. */
export class Faults {
  private rules: LiveRule[] = [];
  readonly hung = new Set<Socket>();

  add(rule: FaultRule): void {
    const times = rule.times ?? Number.POSITIVE_INFINITY;
    if (!(times > 0)) throw new Error('forge simulator: fault times must be > 0');
    this.rules.push({ rule, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Picks and consumes the fault for a request, or null; `credentialed` when it carries any credential. */
  take(method: string, path: string, credentialed = false): FaultAction | null {
    for (const live of this.rules) {
      const m = live.rule.match;
      if (m?.method && m.method.toUpperCase() !== method) continue;
      if (m?.pathPrefix && !path.startsWith(m.pathPrefix)) continue;
      if (m?.auth && (m.auth === 'credentialed') !== credentialed) continue;
      if (live.remaining <= 0) continue;
      live.remaining -= 1;
      const r = live.rule;
      const then = r.hang ? 'hang' : r.reset ? 'reset' : r.status || r.json !== undefined ? 'status' : 'pass';
      return { latencyMs: r.latencyMs ?? 0, then, rule: r };
    }
    return null;
  }

  /** Applies the non-pass part of a fault; returns true when the request must not be served. */
  apply(action: FaultAction, req: IncomingMessage, res: ServerResponse, rootUrl: string): boolean {
    switch (action.then) {
      case 'pass':
        return false;
      case 'hang': {
        const socket = req.socket;
        this.hung.add(socket);
        socket.once('close', () => this.hung.delete(socket));
        req.resume();
        return true;
      }
      case 'reset':
        req.socket.destroy();
        return true;
      case 'status': {
        const rule = action.rule;
        const status = rule.status ?? 200;
        const [contentType, body] = faultBody(rule, status, rootUrl, rule.echoAuthorization ? (req.headers.authorization ?? '') : '');
        const headers: Record<string, string> = { 'Content-Type': contentType };
        if (rule.retryAfter !== undefined) headers['Retry-After'] = String(rule.retryAfter);
        req.resume();
        res.writeHead(status, headers);
        res.end(body);
        return true;
      }
    }
  }
}

/** The content type and body of an injected answer, shaped like whoever `as` says sent it. */
function faultBody(rule: FaultRule, status: number, rootUrl: string, echo: string): [string, string] {
  if (rule.json !== undefined) return ['application/json;charset=utf-8', JSON.stringify(rule.json)];
  switch (rule.as ?? 'forge') {
    case 'forge':
      return ['application/json;charset=utf-8', JSON.stringify({ message: `injected fault: status ${status}`, url: `${rootUrl}api/swagger` })];
    case 'html':
      // What a WAF or sign-on front sends: a page, whatever the client asked for.
      return ['text/html; charset=utf-8', `<!DOCTYPE html>\n<html><head><title>${status} Request blocked by Front Door${echo ? ` (${echo})` : ''}</title></head>\n<body><h1>Request blocked</h1><p>Reference #18.2f.${status}</p></body></html>\n`];
    case 'text':
      return ['text/plain; charset=utf-8', status === 404 ? '404 page not found\n' : `${status} ${STATUS_CODES[status] ?? ''}\n`];
  }
}
