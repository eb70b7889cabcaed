import type { AppConfig } from '../config/env.schema';

/** The Temporal Web UI page of an execution (the latest run of that workflow id when runId is absent). */
export function temporalRunUrl(
  config: Pick<AppConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>,
  temporalWorkflowId: string,
  temporalRunId?: string,
): string {
  const base = `${config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(temporalWorkflowId)}`;
  return temporalRunId ? `${base}/${encodeURIComponent(temporalRunId)}/history` : base;
}

/** The Temporal workflow id of a run the app starts: readable, and unique per run. */
export const runTemporalWorkflowId = (runId: string) => `run-${runId}`;

/** The Temporal workflow id of a test run (decision 0011): marked as a test where Temporal lists it. */
export const testRunTemporalWorkflowId = (runId: string) => `test-${runId}`;
