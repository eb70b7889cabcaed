import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '../config/env.schema';

/** The process's trace pipeline: what the Temporal worker's workflow span sink exports through too. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends the spans still buffered; before the process exits, or a test reads what arrived. */
  flush(): Promise<void>;
}

/**
 * The SDK's workflow interceptors that trace workflow code, as a package specifier: the worker
 * bundles them in when tracing is on, and `npm run build` bundles a traced copy of the workflows.
 */
export const tracingWorkflowModule = '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';

let tracing: Tracing | null = null;

/**
 * Starts OpenTelemetry tracing for this process on first call, when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set: a global tracer provider (so the Temporal SDK's interceptors and the API's request spans
 * find it, and async context carries the active span), exporting OTLP/HTTP JSON to
 * `<endpoint>/v1/traces` in batches. Null, and nothing installed, when the variable is unset.
 * One per process: a later call returns the first (in a test the API and the worker share it).
 */
export function processTracing(
  config: Pick<AppConfig, 'OTEL_EXPORTER_OTLP_ENDPOINT'>,
  serviceName: string,
): Tracing | null {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return null;
  if (tracing) return tracing;
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = new BatchSpanProcessor(
    new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  tracing = { resource, spanProcessor, flush: () => spanProcessor.forceFlush() };
  return tracing;
}
