import { z } from 'zod';

/**
 * A point in time in an API output. Services hand over a `Date`; the output is its ISO 8601 string
 * in UTC with milliseconds (`"2025-01-31T09:00:00.000Z"`), and `AppRouter` types it `string`:
 * what JSON carries, so the type another app sees is the value it gets.
 */
export const timestampSchema = z.date().transform((date) => date.toISOString());
