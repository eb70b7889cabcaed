const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID in the 8-4-4-4-12 form the database's keys have. Checked before a value from outside (a
 * URL, a cursor, a spec) reaches a uuid column, where PostgreSQL would refuse it with an error.
 */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && uuidPattern.test(value);
