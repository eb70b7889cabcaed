import { z } from 'zod';
import { NodeError } from '../../../core/run/node-error';

// The part of an OpenAI chat completion the llm node reads. The endpoint is whatever a base URL
// points at (a proxy, a compatible server, a wrong URL answering 200 with HTML), so its answer is
// checked like any other input before it is used.
const chatCompletionSchema = z.object({
  model: z.string(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ total_tokens: z.number() }).nullish(),
});

export type ChatCompletionAnswer = z.infer<typeof chatCompletionSchema>;

const notACompletion = (what: string) =>
  new NodeError(
    `the LLM endpoint's answer is not an OpenAI chat completion (${what}); check that its base URL points at an OpenAI-compatible API`,
    'LlmBadAnswer',
    false,
  );

/** The answer as a chat completion, or a non-retryable NodeError saying what is wrong with it. */
export function readChatCompletion(answer: unknown): ChatCompletionAnswer {
  // The SDK hands back the body as text when the endpoint does not declare it JSON.
  if (typeof answer === 'string') throw notACompletion('a text body, not JSON');
  const parsed = chatCompletionSchema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw notACompletion(`${issue.path.join('.') || 'the answer'}: ${issue.message}`);
}

/** An answer the SDK could not even parse (a body declared JSON that is not) as the same error. */
export const unreadableAnswer = () => notACompletion('its body is not valid JSON');
