import OpenAI from 'openai';
import type { LlmConfig } from '../../../core/spec/node-configs';
import { loadConnector } from '../../../core/connectors/load-connector';
import type { NodeContext, NodeRunResult } from '../node-context';
import { NodeError, outboundNodeError } from '../../../core/run/node-error';
import { openAiConnectorClient } from '../../../core/connectors/openai-connector-client';
import { readChatCompletion, unreadableAnswer } from './llm-answer';
import { sampleAnswer } from './test-answer';

const TIMEOUT_MS = 150_000;

/** The node's connector's endpoint when it names one, else the server's configured one. */
async function clientFor(config: LlmConfig, ctx: NodeContext): Promise<OpenAI> {
  if (config.connectorId) {
    const {
      name,
      config: endpoint,
      secret,
    } = await loadConnector(ctx.deps.models, ctx.deps.encryptionKeys, ctx.ownerId, config.connectorId, 'openai');
    if (!secret) throw new NodeError(`the openai connector "${name}" has no API key`, 'ConnectorSecret', false);
    ctx.log(`using connector "${name}"`);
    return openAiConnectorClient(endpoint, secret.apiKey, ctx.deps.outbound, TIMEOUT_MS);
  }
  const { OPENAI_API_KEY, OPENAI_BASE_URL } = ctx.deps.llm;
  if (!OPENAI_API_KEY)
    throw new NodeError(
      'no LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI endpoint), or use an openai connector',
      'LlmNotConfigured',
      false,
    );
  // Retries belong to Temporal (visible, bounded, durable), not to the SDK.
  return new OpenAI({ apiKey: OPENAI_API_KEY, baseURL: OPENAI_BASE_URL, maxRetries: 0, timeout: TIMEOUT_MS });
}

/** Asks the OpenAI-compatible endpoint; 4xx (but 408/429) are not retried. */
export async function runLlm(config: LlmConfig, ctx: NodeContext): Promise<NodeRunResult> {
  const client = await clientFor(config, ctx);
  const model = config.model ?? ctx.deps.llm.LLM_MODEL;
  const system = config.system ? ctx.templates.renderText(config.system, 'system') : null;
  const prompt = ctx.templates.renderText(config.prompt, 'prompt');
  if (ctx.test)
    return sampleAnswer(ctx, { kind: 'llm', model, system, prompt }, () => ({
      text: `(test run: the model's answer to "${prompt.slice(0, 60)}")`,
      model,
      totalTokens: 0,
    }));
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (system !== null) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: prompt });
  ctx.log(`asking ${model}`);
  try {
    const completion = readChatCompletion(
      await client.chat.completions.create({ model, messages, max_tokens: config.maxTokens }),
    );
    const choice = completion.choices[0]!;
    if (choice.message.refusal)
      throw new NodeError(`the model refused: ${choice.message.refusal}`, 'LlmRefusal', false);
    if (choice.finish_reason === 'length') ctx.log(`answer cut at ${config.maxTokens} tokens`);
    return {
      output: {
        text: choice.message.content ?? '',
        model: completion.model,
        totalTokens: completion.usage?.total_tokens ?? 0,
      },
    };
  } catch (error) {
    if (error instanceof OpenAI.APIError && error.status !== undefined) {
      const retryable = error.status >= 500 || error.status === 408 || error.status === 429;
      throw new NodeError(
        `LLM endpoint answered ${error.status}: ${error.message}`.slice(0, 500),
        'LlmHttpError',
        retryable,
      );
    }
    // A connector's endpoint goes through the outbound guard: the SDK wraps the guard's errors.
    if (error instanceof OpenAI.APIConnectionError) throw outboundNodeError(error.cause) ?? error;
    if (error instanceof SyntaxError) throw unreadableAnswer();
    throw error;
  }
}
