// The store's tables as kysely sees them. Times are epoch milliseconds (bigint columns, read back as
// numbers); JSON documents are text, so SQLite and PostgreSQL store the same bytes.

/** Scheduling, lease and alert state of one credential. */
export interface CredentialStateTable {
  credential: string;
  /** When the next run is due (the earlier of the regular schedule and a confirmation run). */
  next_due_at: number;
  /** The next due time of the regular schedule. */
  next_regular_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** The alert state machine's state (JSON of core/alerts AlertState). */
  alert: string;
  status: string | null;
  class: string | null;
  last8: string | null;
  last_run_at: number | null;
  last_success_at: number | null;
  updated_at: number;
}

/** One check run of one credential for one due time. */
export interface RunTable {
  id: string;
  credential: string;
  due_at: number;
  started_at: number;
  finished_at: number;
  status: string;
  class: string | null;
  instance: string;
  /** The credential's report (credcanary.report/v1 credential entry: last8 only, never a token). */
  report: string;
}

/** One probe verdict of a run. */
export interface ProbeResultTable {
  run_id: string;
  seq: number;
  probe: string;
  target: string | null;
  status: string;
  class: string | null;
  summary: string;
  duration_ms: number;
}

/** Heartbeat state of one consumer. */
export interface ConsumerStateTable {
  consumer: string;
  state: string;
  /** The heartbeat state machine's state (JSON of core/heartbeat HeartbeatState). */
  heartbeat: string;
  last_ping_at: number | null;
  /** When the heartbeat clock can next change this consumer; null when only a ping can. */
  wake_at: number | null;
  updated_at: number;
}

/** A state change of a credential or consumer. */
export interface TransitionTable {
  id: string;
  subject_kind: string;
  subject: string;
  from_state: string;
  to_state: string;
  at: number;
  /** 1 when its alert was muted (a failing credential already explains it). */
  muted: number;
  detail: string;
}

/** One received ping. */
export interface PingTable {
  id: string;
  consumer: string;
  kind: string;
  exit_status: number | null;
  rid: string | null;
  at: number;
  method: string;
  remote: string | null;
  user_agent: string | null;
  body: string | null;
  body_truncated: number;
  duration_ms: number | null;
}

/** An alert waiting for, or done with, delivery to one channel. */
export interface OutboxTable {
  /** The delivery id receivers de-duplicate on. */
  id: string;
  channel: string;
  event: string;
  subject: string;
  payload: string;
  created_at: number;
  next_attempt_at: number;
  attempts: number;
  /** pending | delivered | failed */
  status: string;
  delivered_at: number | null;
  last_error: string | null;
  claim_owner: string | null;
  claim_until: number | null;
}

/** Health of one notification channel. */
export interface ChannelTable {
  channel: string;
  broken: number;
  failures: number;
  last_error: string | null;
  updated_at: number;
}

/** A named lease held by one instance until a time (singleton duties across instances). */
export interface LeaseTable {
  name: string;
  owner: string;
  until: number;
}

/** Room for the rotation journal (issue: rotation): one row per step taken. */
export interface RotationJournalTable {
  id: string;
  credential: string;
  step: string;
  state: string;
  at: number;
}

/** The whole database. */
export interface StoreDatabase {
  credential_state: CredentialStateTable;
  runs: RunTable;
  probe_results: ProbeResultTable;
  consumer_state: ConsumerStateTable;
  transitions: TransitionTable;
  pings: PingTable;
  outbox: OutboxTable;
  channels: ChannelTable;
  leases: LeaseTable;
  rotation_journal: RotationJournalTable;
}
