import { describe, expect, it } from 'vitest';
import { nextCronTimes } from './cron-next';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('nextCronTimes', () => {
  it('lists weekday mornings in UTC, strictly after the given instant', () => {
    // Friday 2025-01-03 09:00 UTC exactly: that time is not "next".
    expect(iso(nextCronTimes('0 9 * * 1-5', undefined, new Date('2025-01-03T09:00:00Z'), 3))).toEqual([
      '2025-01-06T09:00:00.000Z',
      '2025-01-07T09:00:00.000Z',
      '2025-01-08T09:00:00.000Z',
    ]);
  });

  it('reads steps, lists, names and Sunday as 7', () => {
    expect(iso(nextCronTimes('*/20 8,17 * * 7', 'UTC', new Date('2025-01-04T00:00:00Z'), 4))).toEqual([
      '2025-01-05T08:00:00.000Z',
      '2025-01-05T08:20:00.000Z',
      '2025-01-05T08:40:00.000Z',
      '2025-01-05T17:00:00.000Z',
    ]);
    expect(iso(nextCronTimes('15/20 0 1 feb *', 'UTC', new Date('2025-01-04T00:00:00Z'), 3))).toEqual([
      '2025-02-01T00:15:00.000Z',
      '2025-02-01T00:35:00.000Z',
      '2025-02-01T00:55:00.000Z',
    ]);
  });

  it('needs day-of-month AND day-of-week to match, as Temporal does', () => {
    // The 13th falling on a Friday: June 2025, then February and March 2026.
    expect(iso(nextCronTimes('0 12 13 * 5', 'UTC', new Date('2025-01-01T00:00:00Z'), 3))).toEqual([
      '2025-06-13T12:00:00.000Z',
      '2026-02-13T12:00:00.000Z',
      '2026-03-13T12:00:00.000Z',
    ]);
    // 29 February on a Monday: years away, still found.
    expect(iso(nextCronTimes('0 0 29 2 1', 'UTC', new Date('2025-01-01T00:00:00Z'), 1))).toEqual([
      '2044-02-29T00:00:00.000Z',
    ]);
  });

  it('reads the time in the zone, across a DST change, skipping a wall time that does not exist', () => {
    // Paris moves from +01:00 to +02:00 at 02:00 on 2025-03-30: 02:30 does not exist that day.
    expect(iso(nextCronTimes('30 2 * * *', 'Europe/Paris', new Date('2025-03-28T12:00:00Z'), 3))).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z',
    ]);
    // At 2025-07-01T00:00Z it is still Monday 20:00 in New York; Monday 22:00 there is Tuesday in UTC.
    expect(iso(nextCronTimes('0 22 * * 1', 'America/New_York', new Date('2025-07-01T00:00:00Z'), 1))).toEqual([
      '2025-07-01T02:00:00.000Z',
    ]);
  });

  it('gives nothing for an expression or zone that validation refuses', () => {
    expect(nextCronTimes('0 9 * *')).toEqual([]);
    expect(nextCronTimes('0 9 * * *', 'Mars/Olympus')).toEqual([]);
  });
});
