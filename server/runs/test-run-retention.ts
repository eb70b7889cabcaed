import { QueryTypes, type Sequelize } from 'sequelize';
import type { AppConfig } from '../../core/config/env.schema';
import type { AppServices } from '../app-services';
import { logger } from '../../core/logging/logger';
import { repeatSweep } from './repeating-sweep';

// Test runs are throwaway (decision 0011): the chat tests every proposal it makes, and a person
// tests a workflow as often as they like, so kept for ever they would outgrow the real runs. They
// are kept TEST_RUN_RETENTION_DAYS after they end, then deleted with their tasks (a chat message's
// link to one is cleared by its foreign key). The hidden workflow a conversation's proposals were
// tested on, never accepted, goes once it is that old and no test run of it is left.

/**
 * Deletes what has passed its retention; returns how many test runs and hidden workflows went.
 * `batch` test runs go per statement, so that no one statement holds its locks for long; rows
 * another API process is deleting are skipped, not waited for.
 */
export async function pruneTestRuns(
  services: { sequelize: Sequelize; config: Pick<AppConfig, 'TEST_RUN_RETENTION_DAYS'> },
  { batch = 1000 } = {},
): Promise<{ runs: number; proposals: number }> {
  const days = services.config.TEST_RUN_RETENTION_DAYS;
  if (days === 0) return { runs: 0, proposals: 0 };
  const { sequelize } = services;
  let runs = 0;
  for (;;) {
    const deleted = await sequelize.query<{ id: string }>(
      `DELETE FROM workflow_runs WHERE id IN (
         SELECT id FROM workflow_runs
          WHERE run_trigger = 'test' AND finished_at < now() - make_interval(days => :days)
          LIMIT :batch FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      { replacements: { days, batch }, type: QueryTypes.SELECT },
    );
    runs += deleted.length;
    if (deleted.length < batch) break;
  }
  // A conversation that tested a proposal within the retention has a test run on its row, which
  // stays. One testing it again right now holds a key-share lock on the row (its new run's foreign
  // key), so the row is skipped, not deleted under that run.
  const proposals = await sequelize.query<{ id: string }>(
    `DELETE FROM workflows WHERE id IN (
       SELECT w.id FROM workflows w
        WHERE w.status = 'proposal' AND w.created_at < now() - make_interval(days => :days)
          AND NOT EXISTS (SELECT 1 FROM workflow_runs r WHERE r.workflow_id = w.id)
        FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    { replacements: { days }, type: QueryTypes.SELECT },
  );
  return { runs, proposals: proposals.length };
}

/** From the API's start until `stop`: prunes at once and every `everyMs`. */
export function pruneTestRunsEvery(services: AppServices, { everyMs = 60 * 60_000 } = {}) {
  return repeatSweep('delete test runs past their retention', everyMs, async () => {
    const { runs, proposals } = await pruneTestRuns(services);
    if (runs || proposals)
      logger.info(
        { runs, proposals, days: services.config.TEST_RUN_RETENTION_DAYS },
        `deleted ${runs} test run(s) and ${proposals} unaccepted proposal workflow(s) past their retention`,
      );
  });
}
