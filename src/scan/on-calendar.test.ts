import { describe, expect, it } from 'vitest';
import { onCalendarToCron } from './on-calendar.js';

describe('onCalendarToCron', () => {
  it('translates the everyday shapes', () => {
    expect(onCalendarToCron('OnCalendar=*-*-* 03:17:00')).toBe('17 3 * * *');
    expect(onCalendarToCron('OnCalendar=04:05')).toBe('5 4 * * *');
    expect(onCalendarToCron('OnCalendar=*-*-* *:30:00')).toBe('30 * * * *');
    expect(onCalendarToCron('OnCalendar=daily')).toBe('0 0 * * *');
    expect(onCalendarToCron('OnCalendar=Hourly')).toBe('0 * * * *');
  });

  it('gives null rather than a wrong schedule', () => {
    expect(onCalendarToCron('OnCalendar=Mon..Fri 09:00')).toBeNull();
    expect(onCalendarToCron('OnCalendar=*-*-* 25:00')).toBeNull();
    expect(onCalendarToCron('OnUnitActiveSec=1h')).toBeNull();
    expect(onCalendarToCron('17 3 * * *')).toBeNull();
  });
});
