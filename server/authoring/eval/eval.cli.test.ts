import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../../core/config/paths';
import { startOpenAiServer, type FakeOpenAiServer } from '../../../testing/fakes/openai.fake';
import { evalCases, evalConnectors } from './eval-cases';

// The eval's cases need a real model; this proves its machinery (playing turns, checking,
// reporting, the threshold) against the local OpenAI-protocol server with scripted answers.

let llm: FakeOpenAiServer;
beforeAll(async () => {
  llm = await startOpenAiServer({ apiKey: 'sk-eval' });
});
afterAll(() => llm.close());

function evalCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['server/authoring/eval/eval.cli.ts', ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, OPENAI_API_KEY: 'sk-eval', OPENAI_BASE_URL: `${llm.url}/v1`, LLM_MODEL: 'eval-model' },
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
  expect(stdout).toMatch(/invoice-digest\s+1\/1\s+1\/1\s+yes/);
  expect(stdout).toMatch(/missing-recipient\s+1\/1\s+1\/1\s+yes/);
  expect(stdout).toMatch(/does what was asked 2\/2 cases \(100%\)/);
  expect(code).toBe(0);
});

it('reports what went wrong and exits 1 below the threshold', async () => {
  const wrong = { ...digest, trigger: { type: 'cron', cron: '0 10 * * 1-5' } };
  llm.script(answer(wrong), answer(digest));
  const { code, stdout } = await evalCli('--only', 'invoice-digest,missing-recipient', '--min', '0.9');
  expect(stdout).toMatch(/invoice-digest .* NO .*cron is "0 10 \* \* 1-5", expected "0 9 \* \* 1-5"/);
  expect(stdout).toMatch(/missing-recipient .* NO .*expected a question instead of a spec/);
  expect(stdout).toMatch(/below the threshold: 0% < 90%/);
  expect(code).toBe(1);
});
