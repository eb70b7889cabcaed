import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { repoRoot } from '../../core/config/paths';
import { startOpenAiServer, type FakeOpenAiServer } from '../fakes/openai.fake';
import { evalCases, evalConnectors } from '../../server/authoring/eval/eval-cases';

// The eval's cases need a real model; this proves its machinery (playing turns, checking, testing
// proposals with test runs on the suite's PostgreSQL and Temporal, reporting, the threshold)
// against the local OpenAI-protocol server with scripted answers.

let llm: FakeOpenAiServer;
beforeAll(async () => {
  llm = await startOpenAiServer({ apiKey: 'sk-eval' });
});
afterAll(() => llm.close());

function evalCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['testing/eval/eval.cli.ts', ...args],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          OPENAI_API_KEY: 'sk-eval',
          OPENAI_BASE_URL: `${llm.url}/v1`,
          LLM_MODEL: 'eval-model',
          DATABASE_URL: inject('postgresAdminUrl'),
          TEMPORAL_ADDRESS: inject('temporalAddress'),
        },
      },
      (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
    );
  });
}

const digest = {
  trigger: { type: 'cron', cron: '0 9 * * 1-5' },
  nodes: [
    {
      id: 'fetch',
      type: 'http_request',
      name: 'Fetch',
      config: { connectorId: evalConnectors[0]!.id, url: '/invoices?status=open' },
    },
    {
      id: 'mail',
      type: 'send_email',
      name: 'Mail',
      config: {
        connectorId: evalConnectors[1]!.id,
        to: ['finance@acme.test'],
        subject: 'Open invoices',
        text: '{{ json(nodes.fetch.body) }}',
      },
    },
  ],
  edges: [['fetch', 'mail']],
};
const answer = (spec: unknown, questions: string[] = []) => ({
  content: JSON.stringify({ reply: 'ok', questions, name: null, spec }),
});

it('has at least 30 cases, several of them multi-turn', () => {
  expect(evalCases.length).toBeGreaterThanOrEqual(30);
  expect(evalCases.filter((c) => c.turns.length > 1).length).toBeGreaterThanOrEqual(5);
  expect(new Set(evalCases.map((c) => c.id)).size).toBe(evalCases.length);
});

it('scores cases, prints the table and passes at the threshold', async () => {
  llm.script(answer(digest), answer(null, ['Who should receive it?']));
  const { code, stdout } = await evalCli('--only', 'invoice-digest,missing-recipient', '--min', '1');
  // The proposal's test run succeeded; the question made none.
  expect(stdout).toMatch(/invoice-digest\s+1\/1\s+1\/1\s+yes\s+1\/1/);
  expect(stdout).toMatch(/missing-recipient\s+1\/1\s+1\/1\s+yes\s+-/);
  expect(stdout).toMatch(/test runs succeeded 1\/1; does what was asked 2\/2 cases \(100%\)/);
  expect(code).toBe(0);
});

it('reports what went wrong and exits 1 below the threshold', async () => {
  const wrong = { ...digest, trigger: { type: 'cron', cron: '0 10 * * 1-5' } };
  llm.script(answer(wrong), answer(digest));
  const { code, stdout } = await evalCli(
    '--only',
    'invoice-digest,missing-recipient',
    '--min',
    '0.9',
    '--no-test-runs',
  );
  expect(stdout).toMatch(/invoice-digest .* NO .*cron is "0 10 \* \* 1-5", expected "0 9 \* \* 1-5"/);
  expect(stdout).toMatch(/missing-recipient .* NO .*expected a question instead of a spec/);
  expect(stdout).toMatch(/below the threshold: 0% < 90%/);
  expect(code).toBe(1);
});

// author-v2's cases: a loop, and an error route that carries on.
const reminders = {
  trigger: { type: 'cron', cron: '0 9 * * 1-5' },
  nodes: [
    {
      id: 'fetch',
      type: 'http_request',
      name: 'Fetch open invoices',
      config: { connectorId: evalConnectors[0]!.id, url: '/invoices?status=open' },
    },
    {
      id: 'each_invoice',
      type: 'for_each',
      name: 'Each invoice',
      config: { items: '{{ nodes.fetch.body.invoices }}' },
    },
    {
      id: 'remind',
      type: 'send_email',
      name: 'Remind the customer',
      loop: 'each_invoice',
      config: {
        connectorId: evalConnectors[1]!.id,
        to: ['{{ item.customerEmail }}'],
        subject: 'Invoice {{ item.number }}',
        text: '{{ item.amount }} is still open.',
      },
    },
  ],
  edges: [['fetch', 'each_invoice']],
};
const syncWithAlert = {
  trigger: { type: 'cron', cron: '0 * * * *' },
  nodes: [
    {
      id: 'sync',
      type: 'http_request',
      name: 'Sync',
      onError: 'continue',
      config: { method: 'POST', url: 'https://erp.acme.test/sync' },
    },
    {
      id: 'alert',
      type: 'send_email',
      name: 'Alert ops',
      config: {
        connectorId: evalConnectors[1]!.id,
        to: ['ops@acme.test'],
        subject: 'Sync failed',
        text: '{{ nodes.sync.error.message }}',
      },
    },
    {
      id: 'refresh',
      type: 'http_request',
      name: 'Refresh',
      config: { method: 'POST', url: 'https://erp.acme.test/dashboard/refresh' },
    },
  ],
  edges: [
    ['sync', 'alert', 'error'],
    ['sync', 'refresh'],
  ],
};

/** The mistake the validator refuses most: an edge from the loop into its body. */
const intoBody = { ...reminders, edges: [...reminders.edges, ['each_invoice', 'remind']] };

it('scores a loop and an error route with author-v2, the loop repaired of an edge into its body', async () => {
  llm.requests.length = 0;
  llm.script(answer(intoBody), answer(reminders), answer(syncWithAlert));
  const { code, stdout } = await evalCli(
    '--only',
    'loop-invoices-email,error-route-alert',
    '--min',
    '1',
    '--no-test-runs',
  );
  expect(stdout).toMatch(/prompt author-v2/);
  expect(stdout).toMatch(/loop-invoices-email\s+0\/1\s+1\/1\s+yes/);
  expect(stdout).toMatch(/error-route-alert\s+1\/1\s+1\/1\s+yes/);
  expect(code).toBe(0);
  expect(llm.requests[0]!.body.messages[0].content).toContain('## Loops: for_each');
  expect(llm.requests[1]!.body.messages.at(-1).content).toContain(
    '"remind" is in the body of loop "each_invoice": leave out the edge each_invoice → remind',
  );
});

it('fails a loop that stays wrong after repairs, and specs that miss the loop or the onError', async () => {
  const alertOnly = { ...syncWithAlert, nodes: syncWithAlert.nodes.map(({ onError: _, ...n }) => n) };
  llm.script(answer(intoBody), answer(intoBody), answer(intoBody), answer(digest), answer(alertOnly));
  const { code, stdout } = await evalCli(
    '--only',
    'loop-invoices-email,loop-sheet-crm,error-route-alert',
    '--min',
    '0.5',
    '--no-test-runs',
  );
  expect(stdout).toMatch(/loop-invoices-email\s+0\/1\s+0\/1\s+NO/);
  expect(stdout).toMatch(/loop-sheet-crm .* NO .*trigger is cron, expected manual; no for_each loop/);
  expect(stdout).toMatch(/error-route-alert .* NO .*the node for "erp.acme.test\/sync" lacks onError "continue"/);
  expect(code).toBe(1);
});

/** Valid, but its subject calls upper() on the response's status, a number: only a test run finds that. */
const loudDigest = {
  ...digest,
  nodes: digest.nodes.map((n) =>
    n.id === 'mail' ? { ...n, config: { ...n.config, subject: '{{ upper(nodes.fetch.status) }}' } } : n,
  ),
};

it('sends what a test run finds back to the model, and fails a case whose test run still fails', async () => {
  llm.requests.length = 0;
  llm.script(answer(loudDigest), answer(digest), answer(loudDigest), answer(loudDigest), answer(loudDigest));
  const { code, stdout } = await evalCli('--only', 'invoice-digest,total-over-threshold', '--min', '0.5');
  // Repaired after its test run failed: not usable on the first answer, usable after one repair.
  expect(llm.requests[1]!.body.messages.at(-1).content).toContain('In a test run with sample data, "Mail" failed');
  expect(stdout).toMatch(/invoice-digest\s+0\/1\s+1\/1\s+yes\s+1\/1/);
  expect(stdout).toMatch(/total-over-threshold .* NO\s+0\/1 .*its test run failed/);
  expect(stdout).toMatch(/test runs succeeded 1\/2/);
  expect(code).toBe(0);
});
