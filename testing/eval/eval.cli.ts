// `npm run eval:authoring -- [--min 0.8] [--only case-id,…] [--no-test-runs]`: plays the authoring
// eval cases against the configured OpenAI-compatible endpoint (OPENAI_API_KEY, OPENAI_BASE_URL,
// LLM_MODEL), testing each proposal with a test run as the chat does (on an embedded PostgreSQL and
// Temporal dev server, or DATABASE_URL / TEMPORAL_ADDRESS), and prints a table; exits 1 when the
// share of cases that do what was asked is below --min.
import { parseArgs } from 'node:util';
import { envSchema } from '../../core/config/env.schema';
import { applyDotEnv } from '../../core/config/load-config';
import { dotEnvPath } from '../../core/config/paths';
import { createLlmClient } from '../../server/authoring/llm-client';
import { currentPrompt } from '../../server/authoring/prompts';
import { evalCases } from '../../server/authoring/eval/eval-cases';
import { startEvalTestRuns } from './eval-test-runs';
import { formatReport, runEvalCase } from '../../server/authoring/eval/run-eval';

const { values } = parseArgs({
  options: {
    min: { type: 'string', default: '0.8' },
    only: { type: 'string' },
    'no-test-runs': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const min = Number(values.min);
if (!(min >= 0 && min <= 1)) {
  console.error('--min must be a share between 0 and 1, e.g. --min 0.8');
  process.exit(2);
}
const env: Record<string, string | undefined> = { ...process.env };
applyDotEnv(env, dotEnvPath);
const config = envSchema
  .pick({ OPENAI_API_KEY: true, OPENAI_BASE_URL: true, LLM_MODEL: true, LLM_TIMEOUT_SECONDS: true })
  .parse(env);
const client = createLlmClient(config);
if (!client) {
  console.error(
    'Set OPENAI_API_KEY (and OPENAI_BASE_URL, LLM_MODEL for a non-OpenAI endpoint) to run the authoring eval.',
  );
  process.exit(2);
}
const only = values.only?.split(',').map((id) => id.trim());
const cases = only ? evalCases.filter((c) => only.includes(c.id)) : evalCases;
console.log(
  `authoring eval: ${cases.length} case(s) against ${config.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'} with ${config.LLM_MODEL}, prompt ${currentPrompt.id}\n`,
);
const testRuns = values['no-test-runs'] ? null : await startEvalTestRuns((line) => console.error(line));
const scores = [];
try {
  for (const evalCase of cases) scores.push(await runEvalCase(client, config.LLM_MODEL, evalCase, testRuns));
} finally {
  await testRuns?.close();
}
const { text, passRate } = formatReport(scores);
console.log(text);
if (passRate < min) {
  console.log(`\nbelow the threshold: ${(passRate * 100).toFixed(0)}% < ${(min * 100).toFixed(0)}%`);
  process.exit(1);
}
