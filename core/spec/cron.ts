// Five-field cron, read the way Temporal Schedules read it: minute hour day-of-month month
// day-of-week, UTC unless a timezone is given, and (unlike classic cron) a time must match BOTH
// day-of-month and day-of-week. Validation here; upcoming times in cron-next.ts.

const fields = [
  { name: 'minute', min: 0, max: 59, names: [] as string[] },
  { name: 'hour', min: 0, max: 23, names: [] },
  { name: 'day of month', min: 1, max: 31, names: [] },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  // 7 is Sunday too, as Temporal accepts.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

function value(token: string, field: (typeof fields)[number]): number | string {
  const named = (field.names as readonly string[]).indexOf(token.toLowerCase());
  if (named >= 0) return field.name === 'month' ? named + 1 : named;
  if (!/^\d+$/.test(token)) return `"${token}" is not a number${field.names.length ? ' or a name' : ''}`;
  const n = Number(token);
  return n < field.min || n > field.max ? `${n} is outside ${field.min}-${field.max}` : n;
}

function checkField(text: string, field: (typeof fields)[number]): string | null {
  for (const part of text.split(',')) {
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has more than one step`;
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `step "${step}" must be a positive number`;
    if (range === '*') continue;
    const [from = '', to, more] = range.split('-');
    if (more !== undefined) return `"${range}" is not a range`;
    const start = value(from, field);
    if (typeof start === 'string') return start;
    if (to !== undefined) {
      const end = value(to, field);
      if (typeof end === 'string') return end;
      if (end < start) return `range ${from}-${to} runs backwards`;
    }
  }
  return null;
}

/** Problems with a cron expression, or an empty list when Temporal will accept it. */
export function cronProblems(expression: string): string[] {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    return [
      `needs 5 fields (minute hour day-of-month month day-of-week), found ${parts.length}: e.g. "0 9 * * 1-5" is 09:00 UTC on weekdays`,
    ];
  }
  return parts.flatMap((part, i) => {
    const field = fields[i]!;
    const problem = checkField(part, field);
    return problem ? [`${field.name}: ${problem}`] : [];
  });
}

/** True when the runtime knows the IANA time zone (e.g. Europe/Paris). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The five fields and their token reader, for cron-next.ts (run only on expressions without problems). */
export { fields as cronFields, value as cronFieldValue };
