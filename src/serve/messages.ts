import { randomUUID } from 'node:crypto';
import type { CredentialEvent } from '../core/alerts.js';
import type { HeartbeatEvent } from '../core/heartbeat.js';
import type { AlertMessage } from '../notify/types.js';
import type { CredentialReport } from '../report/model.js';
import { redact } from '../secrets/redact.js';
import type { AlertInput } from '../store/types.js';

// The words of each alert, and its outbox rows: one per channel, each with its own delivery id.

function list(names: readonly string[]): string {
  return names.join(', ');
}

/** The verdict that best explains a credential's status (its first fail, else first inconclusive). */
export function causeOf(report: CredentialReport): { class: string | null; summary: string | null; remedy: string | null } {
  const cause = report.probes.find((p) => p.status === 'fail') ?? report.probes.find((p) => p.status === 'inconclusive');
  return { class: cause?.class ?? null, summary: cause?.summary ?? null, remedy: cause?.remedy ?? null };
}

/** The alert for a credential event. */
export function credentialMessage(event: CredentialEvent, report: CredentialReport, consumers: readonly string[], at: number, since: number | null): Omit<AlertMessage, 'delivery'> {
  const cause = causeOf(report);
  const name = report.name;
  const dependents = consumers.length === 0 ? '' : `; consumer${consumers.length > 1 ? 's' : ''} ${list(consumers)} depend${consumers.length > 1 ? '' : 's'} on it`;
  const detail = cause.summary ? ` ${cause.summary}` : '';
  let summary: string;
  switch (event) {
    case 'credential.failed':
      summary = `${name} ${cause.class ?? 'failing'}${dependents}.${detail}`;
      break;
    case 'credential.recovered':
      summary = `${name} works again (${report.status})${consumers.length ? `; consumers ${list(consumers)} can run` : ''}.`;
      break;
    case 'credential.inconclusive':
      summary = `${name} cannot be checked: 3 runs in a row were inconclusive (${cause.class ?? 'unknown'}).${detail}`;
      break;
    case 'reminder':
      summary = `Reminder: ${name} still ${cause.class ?? 'failing'}${since ? ` since ${new Date(since).toISOString()}` : ''}${dependents}.${detail}`;
      break;
  }
  const failing = event !== 'credential.recovered';
  return {
    event,
    credential: name,
    ...(failing && cause.class ? { class: cause.class } : {}),
    summary,
    ...(failing && cause.remedy ? { remedy: cause.remedy } : {}),
    consumers: [...consumers],
    at: new Date(at).toISOString(),
  };
}

/** The alert for a consumer event. */
export function consumerMessage(event: HeartbeatEvent, consumer: string, lastPingAt: number | null, at: number): Omit<AlertMessage, 'delivery'> {
  const last = lastPingAt === null ? 'no ping yet' : `last ping ${new Date(lastPingAt).toISOString()}`;
  const summary =
    event === 'consumer.up'
      ? `${consumer} is up again: it pinged at ${new Date(at).toISOString()}.`
      : event === 'consumer.late'
        ? `${consumer} is late: its ping is overdue (${last}); it goes down when the grace time ends.`
        : `${consumer} is down: ${last}; it reported a failure or missed its grace time.`;
  return { event, consumer, summary, at: new Date(at).toISOString() };
}

/** One outbox row per channel for `message`; the payload carries each row's own delivery id. */
export function outboxRows(message: Omit<AlertMessage, 'delivery'>, channels: readonly string[], subject: string): AlertInput[] {
  return channels.map((channel) => {
    const id = randomUUID();
    // Summaries come from probe texts, which never hold a token; redact() is the last line of defence.
    return { id, channel, event: message.event, subject, payload: redact(JSON.stringify({ ...message, delivery: id })) };
  });
}
