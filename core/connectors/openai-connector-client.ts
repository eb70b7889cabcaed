import OpenAI from 'openai';
import type { ConnectorConfig } from './connector-configs';
import { guardedFetch } from './outbound/guarded-fetch';
import type { OutboundPolicy } from './outbound/safe-fetch';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * An OpenAI client for an openai connector. Its base URL is the connector owner's to choose, so
 * unlike the server's own endpoint it is called through the outbound guard.
 */
export function openAiConnectorClient(
  endpoint: ConnectorConfig<'openai'>,
  apiKey: string,
  policy: OutboundPolicy,
  timeoutMs: number,
): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: endpoint.baseUrl,
    organization: endpoint.organization,
    // Retries belong to Temporal (visible, bounded, durable), not to the SDK.
    maxRetries: 0,
    timeout: timeoutMs,
    fetch: guardedFetch(policy, { timeoutMs, maxResponseBytes: MAX_RESPONSE_BYTES }),
  });
}
