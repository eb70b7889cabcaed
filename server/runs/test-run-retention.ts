import { QueryTypes, type Sequelize } from 'sequelize';
import type { AppConfig } from '../../core/config/env.schema';
import type { AppServices } from '../app-services';
import { logger } from '../../core/logging/logger';

// Test runs are throwaway (decision 0011): the chat tests every proposal it makes, and a person
// tests a workflow as often as they like, so kept for ever they would outgrow the real runs. They
// are kept TEST_RUN_RETENTION_DAYS after they end, then deleted with their tasks (a chat message's
// link to one is cleared by its foreign key). The hidden workflow a conversation's proposals were
// tested on, never accepted, goes once it is that old and no test run of it is left.

/**
 * Deletes what has passed its retention; returns how many test runs and hidden workflows went.
 * `batch` test runs go per statement, so that no one statement holds its locks for long.
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
          LIMIT :batch)
       RETURNING id`,
      { replacements: { days, batch }, type: QueryTypes.SELECT },
    );
    runs += deleted.length;
    if (deleted.length < batch) break;
  }
  // A conversation tested a proposal within the retention, or is about to (its row is locked by
  // the new run's insert, which then waits or fails): its row has a test run, and stays.
  const proposals = await sequelize.query<{ id: string }>(
    `DELETE FROM workflows w
      WHERE w.status = 'proposal' AND w.created_at < now() - make_interval(days => :days)
        AND NOT EXISTS (SELECT 1 FROM workflow_runs r WHERE r.workflow_id = w.id)
      RETURNING w.id`,
    { replacements: { days }, type: QueryTypes.SELECT },
  );
  return { runs, proposals: proposals.length };
}

/** From the API's start until `stop`: prunes at once and every `everyMs`. */
export function pruneTestRunsEvery(services: AppServices, { everyMs = 60 * 60_000 } = {}) {
  const prune = () =>
    pruneTestRuns(services).then(
      ({ runs, proposals }) => {
        if (runs || proposals)
          logger.info(
            { runs, proposals, days: services.config.TEST_RUN_RETENTION_DAYS },
            `deleted ${runs} test run(s) and ${proposals} unaccepted proposal workflow(s) past their retention`,
          );
      },
      (error: unknown) => logger.error({ err: error }, 'could not delete test runs past their retention'),
    );
  const timer = setInterval(() => void prune(), everyMs);
  timer.unref();
  void prune();
  return { stop: () => clearInterval(timer) };
}
