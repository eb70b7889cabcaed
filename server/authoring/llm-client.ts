import OpenAI from 'openai';
import type { AppConfig } from '../../core/config/env.schema';

export type LlmFailureKind =
  'not-configured' | 'timeout' | 'rate-limited' | 'refused' | 'truncated' | 'auth' | 'http' | 'network';

/** A failure of the model endpoint, with a message a person can act on. */
export class LlmFailure extends Error {
  override name = 'LlmFailure';

  constructor(
    readonly kind: LlmFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface StructuredCompletion {
  text: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export const llmNotConfiguredMessage =
  'No language model is configured, so the chat cannot propose workflows yet. Set OPENAI_API_KEY (and OPENAI_BASE_URL for any OpenAI-compatible server, LLM_MODEL for the model) and restart. Meanwhile you can still write a spec as JSON and run it.';

/** An OpenAI client for the configured endpoint, or null when no key is configured. */
export function createLlmClient(
  config: Pick<AppConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'LLM_TIMEOUT_SECONDS'>,
): OpenAI | null {
  if (!config.OPENAI_API_KEY) return null;
  return new OpenAI({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    timeout: config.LLM_TIMEOUT_SECONDS * 1000,
    maxRetries: 1,
  });
}

function failureFrom(error: unknown): LlmFailure {
  if (error instanceof LlmFailure) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError)
    return new LlmFailure('timeout', 'The model took too long to answer. Try again, or ask for something smaller.');
  if (error instanceof OpenAI.RateLimitError)
    return new LlmFailure(
      'rate-limited',
      'The model endpoint is rate-limiting us. Wait a moment and send your message again.',
    );
  if (error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError) {
    return new LlmFailure(
      'auth',
      'The model endpoint refused our API key: check OPENAI_API_KEY (and OPENAI_BASE_URL).',
    );
  }
  if (error instanceof OpenAI.APIConnectionError)
    return new LlmFailure('network', 'The model endpoint could not be reached. Check OPENAI_BASE_URL and try again.');
  if (error instanceof OpenAI.APIError)
    return new LlmFailure(
      'http',
      `The model endpoint answered ${error.status ?? 'an error'}: ${error.message}`.slice(0, 400),
    );
  return new LlmFailure('network', `The model call failed: ${(error as Error).message}`.slice(0, 400));
}

/**
 * One streamed chat completion constrained to `schema` (strict structured output). `onText`
 * receives the text as it arrives. Refusals, truncation and endpoint errors become LlmFailures.
 */
export async function completeStructured(
  client: OpenAI,
  request: {
    model: string;
    messages: OpenAI.Chat.ChatCompletionMessageParam[];
    schema: Record<string, unknown>;
    maxTokens: number;
  },
  onText: (chunk: string) => void,
): Promise<StructuredCompletion> {
  try {
    const stream = await client.chat.completions.create({
      model: request.model,
      messages: request.messages,
      max_tokens: request.maxTokens,
      stream: true,
      stream_options: { include_usage: true },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'workflow_proposal', strict: true, schema: request.schema },
      },
    });
    let text = '';
    let refusal = '';
    let finishReason: string | null = null;
    let model = request.model;
    let usage = { prompt_tokens: 0, completion_tokens: 0 };
    for await (const chunk of stream) {
      model = chunk.model || model;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta.content) {
        text += choice.delta.content;
        onText(choice.delta.content);
      }
      if (choice.delta.refusal) refusal += choice.delta.refusal;
      finishReason = choice.finish_reason ?? finishReason;
    }
    if (refusal) throw new LlmFailure('refused', `The model declined: ${refusal}`.slice(0, 400));
    if (finishReason === 'content_filter')
      throw new LlmFailure('refused', 'The model endpoint filtered the answer. Rephrase your request.');
    if (finishReason === 'length')
      throw new LlmFailure(
        'truncated',
        "The model ran out of room before finishing its answer. Ask for a smaller change, or raise the model's output limit.",
      );
    return { text, model, promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens };
  } catch (error) {
    throw failureFrom(error);
  }
}
