import OpenAI from 'openai';
import type { LlmConfig } from '../../spec/node-configs';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError } from '../node-error';
import { renderText } from './render';

/** Asks the configured OpenAI-compatible endpoint; 4xx (but 408/429) are not retried. */
export async function runLlm(config: LlmConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const { OPENAI_API_KEY, OPENAI_BASE_URL, LLM_MODEL } = ctx.deps.llm;
  if (!OPENAI_API_KEY) throw new NodeError('no LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint)', 'LlmNotConfigured', false);
  // Retries belong to Temporal (visible, bounded, durable), not to the SDK.
  const client = new OpenAI({ apiKey: OPENAI_API_KEY, baseURL: OPENAI_BASE_URL, maxRetries: 0, timeout: 150_000 });
  const model = config.model ?? LLM_MODEL;
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (config.system) messages.push({ role: 'system', content: renderText(config.system, ctx.scope, 'system') });
  messages.push({ role: 'user', content: renderText(config.prompt, ctx.scope, 'prompt') });
  ctx.log(`asking ${model}`);
  try {
    const completion = await client.chat.completions.create({ model, messages, max_tokens: config.maxTokens });
    const choice = completion.choices[0];
    if (choice?.message.refusal) throw new NodeError(`the model refused: ${choice.message.refusal}`, 'LlmRefusal', false);
    if (choice?.finish_reason === 'length') ctx.log(`answer cut at ${config.maxTokens} tokens`);
    return { output: { text: choice?.message.content ?? '', model: completion.model, totalTokens: completion.usage?.total_tokens ?? 0 } };
  } catch (error) {
    if (error instanceof OpenAI.APIError && error.status !== undefined) {
      const retryable = error.status >= 500 || error.status === 408 || error.status === 429;
      throw new NodeError(`LLM endpoint answered ${error.status}: ${error.message}`.slice(0, 500), 'LlmHttpError', retryable);
    }
    throw error;
  }
}
