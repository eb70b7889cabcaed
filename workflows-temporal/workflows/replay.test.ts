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
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { decodedHistoryText, historyFromJsonText } from '../test/history-json';
import { tracingWorkerOptions, workflowsPath } from '../app-worker';
import { installTestRuntime } from '../../testing/test-runtime';

// The replay workers' lines go to the app's logger, kept per test (vitest forks: this file has its process).
installTestRuntime();

// One folder per generation of the interpreter's steps (run-steps.ts): runs started by any of them
// may still be open when a new worker starts, so every generation must keep replaying.
const historiesDir = fileURLToPath(new URL('../test/histories/', import.meta.url));
const generations = ['activity-steps', 'local-steps'];
const controlInterceptors = fileURLToPath(new URL('../test/replay-control.interceptors.ts', import.meta.url));

/** What the saved runs exercise between them; record-histories.ts writes one file for each. */
const baseScenarios = ['approval-approved', 'delay', 'failed-4xx', 'parallel-condition', 'retry-then-success'];
/**
 * Per generation: constructs added later (error routes, resuming, loops) have runs only in the
 * generations since. A loop's batch is a child execution (runLoopBatch) with its own history.
 */
const requiredScenarios: Record<string, string[]> = {
  'activity-steps': baseScenarios,
  'local-steps': [
    ...baseScenarios,
    'error-route',
    'on-error-continue',
    'resumed',
    'for-each',
    'for-each-batch',
    'failed-alert',
  ],
};

function savedFiles() {
  return generations.flatMap((generation) =>
    readdirSync(join(historiesDir, generation))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        scenario: `${generation}/${file.replace(/\.json$/, '')}`,
        text: readFileSync(join(historiesDir, generation, file), 'utf8'),
      })),
  );
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
  it('cover every scenario of each generation: parallel branch and condition, retry, 4xx failure, delay, approval, error routes, resuming, loops, failure alerts', () => {
    const histories = savedHistories();
    const wanted = generations.flatMap((generation) =>
      requiredScenarios[generation]!.map((name) => `${generation}/${name}`),
    );
    expect(histories.map((h) => h.workflowId)).toEqual(expect.arrayContaining(wanted));
    // A step is a scheduled activity or a recorded marker (a local activity's result, or a patch).
    for (const { workflowId, history } of histories) {
      const steps = history.events!.filter(
        (e) => e.activityTaskScheduledEventAttributes ?? e.markerRecordedEventAttributes,
      );
      expect(steps.length, workflowId).toBeGreaterThanOrEqual(3);
    }
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

  it('replay with the OpenTelemetry interceptors on (OTEL_EXPORTER_OTLP_ENDPOINT set), exporting nothing twice', async () => {
    const exporter = new InMemorySpanExporter();
    const spanProcessor = new SimpleSpanProcessor(exporter);
    const tracing = { resource: new Resource({}), spanProcessor, flush: () => spanProcessor.forceFlush() };
    const results = await replayAll({
      workflowsPath,
      replayName: 'run-spec-replay-traced',
      ...tracingWorkerOptions(tracing),
    });
    expect(results).toEqual(savedHistories().map((h) => ({ scenario: h.workflowId, error: null })));
    // Spans were exported when the runs happened; a replay's sink calls are skipped.
    expect(exporter.getFinishedSpans()).toEqual([]);
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
