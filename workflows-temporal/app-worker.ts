import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../core/config/env.schema';
import { repoRoot, runsCompiled } from '../core/config/paths';
import { parseOutboundAllowNetworks } from '../core/connectors/outbound/safe-fetch';
import type { Models } from '../core/db/models';
import { encryptionKeysOf } from '../core/secrets/secret-box';
import { createActivities } from './activities/create-activities';
import type { ActivityDeps } from './activities/node-context';
import { processTracing, tracingWorkflowModule, type Tracing } from '../core/telemetry/tracing';

/** Activity dependencies a test or script replaces; the models are always the worker's own. */
export type ActivityOverrides = Partial<Omit<ActivityDeps, 'models'>>;

/** The interpreter's workflow code, which the worker bundles for Temporal's sandbox. */
export const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));
/**
 * The same code bundled by `npm run build` (server/build/build.cli.ts), beside the compiled worker:
 * with the tracing interceptors, or without, since a bundle's interceptors are fixed when it is made.
 * Found from the root, not from this module: the API's program compiles it in too (hosted-worker.ts).
 */
const prebuiltWorkflowBundle = (traced: boolean) =>
  join(repoRoot, 'dist', 'workflows-temporal', traced ? 'workflow-bundle-traced.js' : 'workflow-bundle.js');

/**
 * The SDK's OpenTelemetry interceptors: a span for the workflow (a child of the span that started
 * it, which the client sent in its headers), for each activity it schedules, local ones included,
 * and for each activity's execution. Workflow code cannot export, so its spans leave through a
 * sink, into the process's pipeline. Options for `Worker.create` and for replay alike.
 */
export function tracingWorkerOptions(tracing: Tracing): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return {
    interceptors: {
      workflowModules: [createRequire(import.meta.url).resolve(tracingWorkflowModule)],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}

/**
 * A worker polling the configured task queue with the interpreter and the production activities.
 * The worker process, the tests and the bench all start theirs here; `overrides` replaces activity
 * dependencies (a test lets nodes reach its loopback servers, or points the LLM elsewhere).
 */
export function createAppWorker(
  connection: NativeConnection,
  config: AppConfig,
  models: Models,
  overrides: ActivityOverrides = {},
) {
  const tracing = processTracing(config, 'workflow-agent-worker');
  return Worker.create({
    ...(tracing ? tracingWorkerOptions(tracing) : {}),
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...(runsCompiled ? { workflowBundle: { codePath: prebuiltWorkflowBundle(tracing !== null) } } : { workflowsPath }),
    activities: createActivities({
      models,
      encryptionKeys: encryptionKeysOf(config),
      outbound: parseOutboundAllowNetworks(config.OUTBOUND_ALLOW_NETWORKS),
      llm: config,
      publicUrl: config.PUBLIC_URL,
      ...overrides,
    }),
  });
}
