import { cronFields, cronFieldValue, cronProblems, isKnownTimeZone } from './cron';

// Upcoming times of a cron expression, read as cron.ts reads it (Temporal's reading): every field
// must match, day-of-month and day-of-week included, in the given IANA time zone. For workflows
// that have no Temporal Schedule yet; an active one's times come from its Schedule, which is the
// authority (wall-clock times skipped by a DST change are skipped here, and a repeated hour counts
// once, which Temporal may resolve differently).

/** How far ahead to look: dates repeat their weekdays within 28 years, so "29 Feb on a Monday" is found. */
const SEARCH_DAYS = 366 * 28;

/** The values a field's text allows, ascending (7 in day-of-week is Sunday, 0). */
function allowed(text: string, field: (typeof cronFields)[number]): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', step] = part.split('/');
    const [from = '', to] = range.split('-');
    const start = range === '*' ? field.min : (cronFieldValue(from, field) as number);
    // "5/15" runs from 5 to the field's end, as "*/15" runs from its start.
    const end =
      range === '*' || (to === undefined && step !== undefined)
        ? field.max
        : to === undefined
          ? start
          : (cronFieldValue(to, field) as number);
    for (let v = start; v <= end; v += step ? Number(step) : 1) values.add(field.name === 'day of week' ? v % 7 : v);
  }
  return [...values].sort((a, b) => a - b);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (east positive). */
function offsetAt(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time (given as if UTC) names in the zone; null inside a DST gap. */
function instantOf(wall: number, timeZone: string): number | null {
  let instant = wall - offsetAt(wall, timeZone);
  const offset = offsetAt(instant, timeZone);
  instant = wall - offset;
  return instant + offsetAt(instant, timeZone) === wall ? instant : null;
}

/**
 * The next `count` times after `after` that `expression` names in `timeZone` (UTC by default),
 * ascending; empty for an expression or zone that cron.ts would refuse.
 */
export function nextCronTimes(expression: string, timeZone = 'UTC', after = new Date(), count = 5): Date[] {
  if (cronProblems(expression).length > 0 || !isKnownTimeZone(timeZone)) return [];
  const [minutes, hours, days, months, weekdays] = expression
    .trim()
    .split(/\s+/)
    .map((text, i) => allowed(text, cronFields[i]!)) as [number[], number[], number[], number[], number[]];
  const from = after.getTime();
  const fromWall = new Date(from + offsetAt(from, timeZone));
  const found: number[] = [];
  for (let i = 0; i < SEARCH_DAYS && found.length < count; i++) {
    const day = new Date(Date.UTC(fromWall.getUTCFullYear(), fromWall.getUTCMonth(), fromWall.getUTCDate() + i));
    if (
      !months.includes(day.getUTCMonth() + 1) ||
      !days.includes(day.getUTCDate()) ||
      !weekdays.includes(day.getUTCDay())
    )
      continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const wall = day.getTime() + (hour * 60 + minute) * 60_000;
        // Zone lookups are the cost: skip wall times surely past (no zone moves a clock 3 hours).
        if (wall < fromWall.getTime() - 3 * 3_600_000 || found.length >= count) continue;
        const instant = instantOf(wall, timeZone);
        if (instant !== null && instant > from) found.push(instant);
      }
    }
  }
  // A day's times are ascending except in an hour a DST change repeats; sorting keeps the promise.
  return found.sort((a, b) => a - b).map((t) => new Date(t));
}
