import type { MetricCounter } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

/**
 * What happens inside runs, counted where it happens (the worker), through the Temporal SDK's
 * metric meter: the SDK's Prometheus exporter serves them beside its own on WORKER_METRICS_PORT,
 * one endpoint per worker. Without that port the meter discards them. Each count is made once per
 * event, at the write that records it, so retried activities do not count twice.
 */
interface RunCounters {
  runsStarted: MetricCounter;
  runsFinished: MetricCounter;
  nodeFailures: MetricCounter;
}

let counters: { runtime: Runtime; counters: RunCounters } | null = null;

/** The counters of this process's runtime (a test process may see its runtime made again). */
export function runMetrics(): RunCounters {
  const runtime = Runtime.instance();
  if (counters?.runtime !== runtime) {
    const meter = runtime.metricMeter;
    counters = {
      runtime,
      counters: {
        runsStarted: meter.createCounter(
          'workflow_agent_runs_started_total',
          undefined,
          'Runs the worker created itself, by trigger: those a Temporal Schedule starts (the API counts the others)',
        ),
        runsFinished: meter.createCounter(
          'workflow_agent_runs_finished_total',
          undefined,
          'Runs the worker ended, by status (success, failed, cancelled)',
        ),
        nodeFailures: meter.createCounter(
          'workflow_agent_node_failures_total',
          undefined,
          'Nodes that failed for good (their last attempt, or an error retrying cannot fix), by node type',
        ),
      },
    };
  }
  return counters.counters;
}
