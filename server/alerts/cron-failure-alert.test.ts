import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { startSmtpServer, type FakeSmtpServer } from '../../testing/fakes/smtp-server.fake';
import { createConnector } from '../../testing/fixtures';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { scheduleIdFor } from '../temporal/schedules';

// The case for failure alerts: a cron workflow that keeps failing, its runs started by its
// Temporal Schedule, emails once per window, however many times it fails in it.

let env: RunEnvironment;
let smtp: FakeSmtpServer;
let api: HttpTestServer;

beforeAll(async () => {
  env = await startRunEnvironment();
  smtp = await startSmtpServer();
  api = await startHttpTestServer((_, response) => response.writeHead(503).end('down for maintenance'));
});
afterAll(async () => {
  await smtp?.close();
  await api?.close();
  await env?.close();
});

it('a failing cron workflow sends one alert email for several failures within the window', async () => {
  const { models, config } = env.services;
  const smtpConfig = { host: smtp.host, port: smtp.port, secure: false, from: 'alerts@acme.test' };
  const connector = await createConnector(models, config.APP_ENCRYPTION_KEY, env.owner.id, 'smtp', smtpConfig, null);
  const spec: WorkflowSpec = {
    trigger: { type: 'cron', cron: '0 0 1 1 *' },
    nodes: [
      {
        id: 'sync',
        type: 'http_request',
        name: 'Sync the ledger',
        config: {
          method: 'GET',
          url: `${api.url}/ledger`,
          headers: [],
          timeoutSeconds: 5,
          retry: { maximumAttempts: 1, initialIntervalSeconds: 1, backoffCoefficient: 1 },
        },
      },
    ],
    edges: [],
  };
  const caller = callerFor(env.services, env.owner);
  const workflow = await caller.workflows.create({ name: 'Nightly ledger sync', spec });
  await caller.alerts.update({
    workflowId: workflow.id,
    email: { enabled: true, recipients: ['ops@acme.test'], smtpConnectorId: connector.id },
    webhook: { enabled: false, url: null },
    windowMinutes: 60,
  });
  await caller.workflows.activate({ workflowId: workflow.id });

  // Three scheduled runs, one after another, each failing. The Schedule skips a start while its
  // last execution is open (its alert step follows the run's end), as it would at its next minute.
  const schedule = env.services.temporal.client.schedule.getHandle(scheduleIdFor(workflow.id));
  for (let runs = 1; runs <= 3; runs++) {
    await waitUntil(
      'the last execution closed',
      async () => (await schedule.describe()).info.runningActions.length === 0,
      60_000,
    );
    // Its executions are named by the second they are started in: the next one needs a second of its own.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await schedule.trigger();
    await waitUntil(
      `failed run ${runs}`,
      async () =>
        (await models.WorkflowRun.count({
          where: { workflowId: workflow.id, runTrigger: 'schedule', runStatus: 'failed' },
        })) === runs,
      60_000,
    );
  }
  // The alert step follows each run's end: the first sends, the other two are counted for the next.
  await waitUntil(
    'the held-back failures counted',
    async () => {
      const [row] = await env.services.sequelize.query<{ suppressed_count: number }>(
        'SELECT suppressed_count FROM workflow_alerts WHERE workflow_id = :id',
        { replacements: { id: workflow.id }, type: QueryTypes.SELECT },
      );
      return row?.suppressed_count === 2;
    },
    60_000,
  );
  const mails = smtp.messages.filter((m) => m.subject === 'Workflow "Nightly ledger sync" failed');
  expect(mails).toHaveLength(1);
  expect(mails[0]!.to).toEqual(['ops@acme.test']);
  expect(mails[0]!.text).toContain('Sync the ledger');
  expect(mails[0]!.text).toContain('HTTP 503');
  expect(mails[0]!.text).not.toContain('down for maintenance');
}, 120_000);
