import { log, sleep } from '@temporalio/activity';
import type { Sequelize } from 'sequelize';

/**
 * Waits, inside the current attempt, until PostgreSQL answers. A node attempt that began while the
 * database was down would fail at once and spend one of the node's retries (three, a second or two
 * apart, by default), so a database restart of a few seconds failed the runs in flight; waiting
 * here spends time instead, heartbeating, up to the attempt's start-to-close timeout. Cancellation
 * (the run cancelled, or Temporal having given up on this attempt) ends the wait. `SELECT 1`
 * cannot fail for a reason of ours, so any error counts as the database not answering.
 */
export async function untilDatabaseAnswers(sequelize: Sequelize): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await sequelize.query('SELECT 1');
      if (tries > 1) log.info(`PostgreSQL answers again after ${tries} tries`);
      return;
    } catch (error) {
      if (tries === 1) log.warn(`PostgreSQL does not answer (${(error as Error).message}); waiting for it`);
      await sleep(1000);
    }
  }
}

/**
 * Runs `read` (an attempt's first query); if it fails, waits until PostgreSQL answers, as above,
 * and runs it once more. A healthy database costs no round trip beyond the read itself, and an
 * error of the read's own shows on its second try.
 */
export async function readOnceDatabaseAnswers<T>(sequelize: Sequelize, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch {
    await untilDatabaseAnswers(sequelize);
    return read();
  }
}
