// systemd `OnCalendar=` specs as five-field cron, for the heartbeat `init config --from-scan` drafts
// for a service its timer starts. Only the everyday shapes are translated; anything else (weekday
// lists, ranges, several times) gives null, and no heartbeat is guessed.

const SHORTHAND: Readonly<Record<string, string>> = {
  minutely: '* * * * *',
  hourly: '0 * * * *',
  daily: '0 0 * * *',
  weekly: '0 0 * * 1',
  monthly: '0 0 1 * *',
};

/** `OnCalendar=*-*-* 03:17:00` → `17 3 * * *`; null when the spec is not one of the simple shapes. */
export function onCalendarToCron(trigger: string): string | null {
  const m = /^OnCalendar=(.+)$/.exec(trigger.trim());
  if (!m) return null;
  const spec = (m[1] ?? '').trim();
  const short = SHORTHAND[spec.toLowerCase()];
  if (short) return short;
  // `*-*-* HH:MM[:SS]`, `HH:MM[:SS]` (every day), or `*-*-* *:MM[:SS]` (every hour).
  const t = /^(?:\*-\*-\*\s+)?(\*|\d{1,2}):(\d{1,2})(?::\d{1,2})?$/.exec(spec);
  if (!t) return null;
  const hour = t[1] === '*' ? '*' : String(Number(t[1]));
  const minute = Number(t[2]);
  if ((hour !== '*' && Number(hour) > 23) || minute > 59) return null;
  return `${minute} ${hour} * * *`;
}
