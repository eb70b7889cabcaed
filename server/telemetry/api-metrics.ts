import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The API's Prometheus metrics, in a registry of its own (one per AppServices, so the tests' many
 * API instances in one process never collide). The worker counts what happens inside runs
 * (workflows-temporal/telemetry/run-metrics.ts); the API counts requests, the runs it starts, and
 * those it ends because Temporal closed their execution without ending them (closed-executions.ts).
 */
export function createApiMetrics() {
  const registry = new Registry();
  return {
    registry,
    httpRequests: new Counter({
      name: 'workflow_agent_http_requests_total',
      help: 'HTTP requests the API answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'workflow_agent_http_request_duration_seconds',
      help: 'Time from a request reaching the API to its answer, by method and route pattern',
      labelNames: ['method', 'route'] as const,
      // Webhooks with ?wait= hold a request up to 30 s.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    runsStarted: new Counter({
      name: 'workflow_agent_runs_started_total',
      help: 'Runs handed to Temporal, by trigger (scheduled runs are counted by the worker)',
      labelNames: ['trigger'] as const,
      registers: [registry],
    }),
    runStartsFailed: new Counter({
      name: 'workflow_agent_run_starts_failed_total',
      help: 'Runs recorded as failed because Temporal did not start them (unreachable, or refused), by trigger',
      labelNames: ['trigger'] as const,
      registers: [registry],
    }),
    runsEndedAfterExecution: new Counter({
      name: 'workflow_agent_runs_ended_after_execution_total',
      help: 'Runs the API ended because their Temporal execution had closed without ending them (terminated in the Web UI, say), by how it closed',
      labelNames: ['execution'] as const,
      registers: [registry],
    }),
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;
