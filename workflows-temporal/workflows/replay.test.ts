// Replays the saved histories of real `runSpec` runs against the current workflow code: any change
// to the interpreter that would issue a different command sequence for runs already in flight
// (a nondeterminism error when their worker restarts) fails this test.
//
// Regenerate the histories (only when such a change is intended and in-flight runs are handled,
// e.g. with `patched()`), from the repository root:
//
//   npx tsx workflows-temporal/test/record-histories.ts
//
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { decodedHistoryText, historyFromJsonText } from '../test/history-json';
import { workflowsPath } from '../app-worker';

// Keep the replay workers' INFO lines out of the output (vitest forks: this file has its process).
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // A runtime already exists in this process; its logger stays.
}

const historiesDir = fileURLToPath(new URL('../test/histories/', import.meta.url));
const controlInterceptors = fileURLToPath(new URL('../test/replay-control.interceptors.ts', import.meta.url));

/** What the saved runs exercise between them; record-histories.ts writes one file for each. */
const requiredScenarios = ['approval-approved', 'delay', 'failed-4xx', 'parallel-condition', 'retry-then-success'];

function savedFiles() {
  const files = readdirSync(historiesDir)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.map((file) => ({
    scenario: file.replace(/\.json$/, ''),
    text: readFileSync(join(historiesDir, file), 'utf8'),
  }));
}

function savedHistories() {
  return savedFiles().map(({ scenario, text }) => ({ workflowId: scenario, history: historyFromJsonText(text) }));
}

/** One result per history: its name and the replay error's message, or null when it replayed. */
async function replayAll(options: ReplayWorkerOptions) {
  const histories = savedHistories();
  const results: Array<{ scenario: string; error: string | null }> = [];
  for await (const result of Worker.runReplayHistories(options, histories)) {
    results.push({
      scenario: result.workflowId,
      error: result.error ? `${result.error.name}: ${result.error.message}` : null,
    });
  }
  return results;
}

describe('saved runSpec histories', () => {
  it('cover every scenario: parallel branch and condition, retry, 4xx failure, delay, approval', () => {
    const histories = savedHistories();
    expect(histories.map((h) => h.workflowId)).toEqual(expect.arrayContaining(requiredScenarios));
    for (const { history } of histories) expect(history.events!.length).toBeGreaterThan(10);
  });

  it('hold no credentials: their nodes use no connector, nothing reads like a secret', () => {
    for (const { scenario, text } of savedFiles()) {
      expect(decodedHistoryText(text), scenario).not.toMatch(
        /connectorId|authorization|bearer|password|secret|api[_-]?key/i,
      );
    }
  });

  it('replay against the current workflow code without a determinism or replay error', async () => {
    const results = await replayAll({ workflowsPath, replayName: 'run-spec-replay' });
    expect(results).toEqual(savedHistories().map((h) => ({ scenario: h.workflowId, error: null })));
  }, 120_000);

  it('fail to replay when the interpreter issues a different command sequence (control)', async () => {
    const results = await replayAll({
      workflowsPath,
      replayName: 'run-spec-replay-control',
      interceptors: { workflowModules: [controlInterceptors] },
    });
    expect(results).toHaveLength(savedHistories().length);
    for (const result of results)
      expect(result.error, result.scenario).toMatch(/DeterminismViolationError|[Nn]ondetermin/);
  }, 120_000);
});
