import type {
  ChannelTable,
  ConsumerStateTable,
  CredentialStateTable,
  OutboxTable,
  PingTable,
  ProbeResultTable,
  RunTable,
  TransitionTable,
} from './tables.js';

// The one store interface the daemon uses; SQLite and PostgreSQL implement it through the same kysely code.

/** A credential's state row. */
export type CredentialStateRow = CredentialStateTable;
/** A run row. */
export type RunRow = RunTable;
/** A probe result row. */
export type ProbeResultRow = ProbeResultTable;
/** A consumer's state row. */
export type ConsumerStateRow = ConsumerStateTable;
/** A transition row. */
export type TransitionRow = TransitionTable;
/** A ping row. */
export type PingRow = PingTable;
/** An outbox row. */
export type OutboxRow = OutboxTable;
/** A channel health row. */
export type ChannelRow = ChannelTable;

/** A due check this instance now holds the lease for. */
export interface Claim {
  credential: string;
  dueAt: number;
  /** The regular schedule's due time at claim (a confirmation run leaves it alone). */
  regularAt: number;
  leaseUntil: number;
  /** The alert state as stored (JSON). */
  alert: string;
}

/** A state change to record with an alert per channel, in the transaction that makes the change. */
export interface TransitionInput {
  subjectKind: 'credential' | 'consumer';
  subject: string;
  from: string;
  to: string;
  muted: boolean;
  detail: string;
}

/** One alert to put in the outbox. */
export interface AlertInput {
  id: string;
  channel: string;
  event: string;
  subject: string;
  payload: string;
}

/** Everything one finished run changes, written in one transaction. */
export interface FinishedRun {
  claim: Claim;
  owner: string;
  run: RunRow;
  probes: ProbeResultRow[];
  nextDueAt: number;
  nextRegularAt: number;
  alert: string;
  /** Set on a passing run; null keeps the previous value. */
  lastSuccessAt: number | null;
  transitions: TransitionInput[];
  alerts: AlertInput[];
}

/** A consumer's new state decided inside the store's transaction (null: nothing changes). */
export interface ConsumerChange {
  state: string;
  heartbeat: string;
  lastPingAt: number | null;
  /** When the clock can next change the consumer (null: only a ping can). */
  wakeAt: number | null;
  transitions: TransitionInput[];
  alerts: AlertInput[];
}

/** Decides a consumer's change from its stored row and the credentials failing right now. */
export type ConsumerDecision = (row: ConsumerStateRow, failingCredentials: ReadonlySet<string>) => ConsumerChange | null;

/** A ping to store, with the decision of what it does to its consumer. */
export interface PingInput {
  ping: PingRow;
  decide: ConsumerDecision;
}

/** Counts of rows removed by pruning. */
export interface PruneCounts {
  runs: number;
  pings: number;
  transitions: number;
  outbox: number;
}

/** The daemon's storage. Every method is one transaction. */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending migrations. */
  migrate(): Promise<void>;
  /** Answers a trivial query (readiness). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;

  /** Adds state rows for credentials that have none (first due time given), leaving existing ones as they are. */
  ensureCredentials(entries: ReadonlyArray<{ credential: string; firstDueAt: number }>, now: number): Promise<void>;
  /** Leases up to `limit` due credentials whose lease is free or expired. */
  claimDue(owner: string, now: number, leaseMs: number, limit: number, only?: readonly string[]): Promise<Claim[]>;
  /** Records a run and everything it changed; false (nothing written) when this instance lost the lease and another ran that due time. */
  finishRun(input: FinishedRun): Promise<boolean>;
  /** Gives a lease back without a run (drain, error), keeping the due time, or moving it to `dueAt`. */
  releaseClaim(credential: string, owner: string, dueAt?: number): Promise<void>;
  /** Makes a credential due now (`POST …/check`). */
  requestCheck(credential: string, now: number): Promise<boolean>;
  credentialStates(): Promise<CredentialStateRow[]>;
  runs(credential: string | null, limit: number): Promise<RunRow[]>;
  probeResults(runId: string): Promise<ProbeResultRow[]>;

  /** Adds state rows for consumers that have none. */
  ensureConsumers(consumers: readonly string[], now: number): Promise<void>;
  /** Stores pings and applies each one's decision, all in one transaction (acknowledge after it resolves). */
  recordPings(pings: readonly PingInput[]): Promise<void>;
  /** Applies a decision to the listed consumers; with `dueOnly`, only to those whose wake time has come (the late/down clock). */
  evaluateConsumers(consumers: readonly string[], decide: ConsumerDecision, now: number, dueOnly?: boolean): Promise<void>;
  consumerStates(): Promise<ConsumerStateRow[]>;
  pings(consumer: string, limit: number): Promise<PingRow[]>;
  transitions(limit: number): Promise<TransitionRow[]>;

  /** Leases up to `limit` outbox rows due for a delivery attempt. */
  claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]>;
  /** Marks a delivery done and its channel healthy. */
  deliverySucceeded(id: string, channel: string, now: number): Promise<void>;
  /** Schedules another attempt (`nextAttemptAt`) or, when null, gives up; `broken` marks the channel broken. */
  deliveryFailed(id: string, channel: string, error: string, nextAttemptAt: number | null, broken: boolean, now: number): Promise<void>;
  alerts(limit: number): Promise<OutboxRow[]>;
  channels(): Promise<ChannelRow[]>;

  /** Takes or renews a named lease; true when `owner` holds it until `now + ttlMs`. */
  acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /** Removes history older than `before` (pending alerts are kept). */
  prune(before: number): Promise<PruneCounts>;
  /** Appends a rotation journal entry (room for the rotation issue). */
  appendJournal(entry: { id: string; credential: string; step: string; state: string; at: number }): Promise<void>;
}
