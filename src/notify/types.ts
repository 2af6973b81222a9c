import type { NotifierSpec, SecretSource } from '../inventory/schema.js';

// Notifiers deliver alerts to one kind of channel. Each is one file, registered on one line in index.ts.

/** Alert kinds (the webhook's `event`). */
export type AlertEventName =
  | 'credential.failed'
  | 'credential.recovered'
  | 'credential.inconclusive'
  | 'consumer.late'
  | 'consumer.down'
  | 'consumer.up'
  | 'reminder';

/** One alert as every notifier receives it (the webhook sends exactly this JSON). */
export interface AlertMessage {
  event: AlertEventName;
  credential?: string;
  consumer?: string;
  class?: string;
  summary: string;
  remedy?: string;
  consumers?: string[];
  /** ISO 8601 time of the state change. */
  at: string;
  /** Delivery id: the same for every retry of this alert to this channel, so receivers can de-duplicate. */
  delivery: string;
}

/** The outcome of one delivery attempt. */
export type DeliveryResult =
  | { ok: true }
  /** `permanent`: retrying cannot help (a 4xx): the channel is broken until someone fixes it. */
  | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/** What a notifier needs to prepare a channel. */
export interface NotifierContext {
  /** Reads a secret source (registering the value for redaction); null when it yields nothing. */
  readSecret(source: SecretSource): Promise<string | null>;
  timeoutMs: number;
}

/** A prepared channel: one configured `notify.X`. */
export interface Channel {
  deliver(alert: AlertMessage): Promise<DeliveryResult>;
}

/** One notifier type. */
export interface Notifier<T extends NotifierSpec['type'] = NotifierSpec['type']> {
  id: T;
  /** Prepares a channel; throws a UserError when its configuration cannot work (a source that yields nothing). */
  prepare(spec: Extract<NotifierSpec, { type: T }>, ctx: NotifierContext): Promise<Channel>;
}
