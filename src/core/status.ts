/** The five verdict statuses, ordered so the worst one decides a credential's and a run's status. */
export const STATUSES = ['pass', 'warn', 'fail', 'inconclusive', 'skipped'] as const;

/** A verdict status. */
export type Status = (typeof STATUSES)[number];

// fail > inconclusive > warn > pass > skipped (DESIGN.md "Words").
const SEVERITY: Record<Status, number> = { skipped: 0, pass: 1, warn: 2, inconclusive: 3, fail: 4 };

/** The worse of two statuses. */
export function worse(a: Status, b: Status): Status {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/** The worst status of a list; an empty list is `skipped` (nothing was judged). */
export function worstStatus(statuses: Iterable<Status>): Status {
  let out: Status = 'skipped';
  for (const s of statuses) out = worse(out, s);
  return out;
}

/** Counts of each status, always with all five keys. */
export type StatusCounts = Record<Status, number>;

/** Counts statuses, every key present. */
export function countStatuses(statuses: Iterable<Status>): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, inconclusive: 0, skipped: 0 };
  for (const s of statuses) counts[s] += 1;
  return counts;
}
