import type OpenAI from 'openai';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { SpecProblem, ValidationResult } from '../../core/spec/validate-spec';
import { authoringAnswerJsonSchema, parseAnswer } from './answer.schema';
import { completeStructured, LlmFailure } from './llm-client';
import type { PromptVersion } from './prompts';
import { ReplyStream } from './reply-stream';

/** Repair rounds after the first answer: enough to fix a slip, bounded so a turn always ends. */
export const MAX_REPAIR_ROUNDS = 2;

export type TurnEvent = { type: 'delta'; text: string } | { type: 'repair'; round: number; problems: SpecProblem[] };

export interface TurnResult {
  reply: string;
  questions: string[];
  name: string | null;
  /** The valid spec proposed, if any. */
  spec: WorkflowSpec | null;
  /** The last invalid proposal and its problems, when repair rounds ran out. */
  invalidSpec: unknown;
  problems: SpecProblem[];
  /** The test run of the last valid proposal, when it was tested. */
  testRunId: string | null;
  repairRounds: number;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  error: LlmFailure | null;
}

export interface TurnRequest {
  client: OpenAI;
  model: string;
  prompt: PromptVersion;
  messages: OpenAI.Chat.ChatCompletionMessageParam[];
  validate: (spec: unknown) => Promise<ValidationResult>;
  /**
   * Tests a valid proposal with sample data (a test run); the failures it finds go back to the
   * model like validation problems. Absent, or null from it: the proposal stands untested.
   */
  test?: (spec: WorkflowSpec) => Promise<{ runId: string; problems: SpecProblem[] } | null>;
  onEvent: (event: TurnEvent) => void;
}

/**
 * One assistant turn: ask, parse, validate, test, and send problems back for a bounded number of
 * repair rounds. A valid proposal whose test still fails when the rounds run out is proposed all
 * the same: its test run shows the failure. Never throws for the endpoint's failures: they come
 * back as `error`, with what was spent.
 */
export async function runAuthoringTurn({
  client,
  model,
  prompt,
  messages,
  validate,
  test,
  onEvent,
}: TurnRequest): Promise<TurnResult> {
  const started = performance.now();
  const result: TurnResult = {
    reply: '',
    questions: [],
    name: null,
    spec: null,
    invalidSpec: null,
    problems: [],
    testRunId: null,
    repairRounds: 0,
    model,
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 0,
    error: null,
  };
  const conversation = [...messages];
  try {
    for (let round = 0; round <= MAX_REPAIR_ROUNDS; round++) {
      const replies = new ReplyStream();
      // Only the first answer's reply streams to the person; repairs are announced as such.
      const completion = await completeStructured(
        client,
        { model, messages: conversation, schema: authoringAnswerJsonSchema, maxTokens: 8000 },
        (chunk) => {
          const text = replies.push(chunk);
          if (text && round === 0) onEvent({ type: 'delta', text });
        },
      );
      result.model = completion.model;
      result.promptTokens += completion.promptTokens;
      result.completionTokens += completion.completionTokens;
      result.repairRounds = round;
      conversation.push({ role: 'assistant', content: completion.text });
      const parsed = parseAnswer(completion.text);
      if (!parsed.ok) {
        // A valid proposal from an earlier round (its test failed) still stands.
        if (!result.spec) result.problems = [{ path: '', message: parsed.reason }];
        conversation.push({ role: 'user', content: prompt.malformed(parsed.reason) });
        continue;
      }
      Object.assign(result, {
        reply: parsed.answer.reply,
        questions: parsed.answer.questions,
        name: parsed.answer.name,
        problems: [],
        invalidSpec: null,
      });
      if (parsed.raw === null) return result;
      const validation = await validate(parsed.raw);
      let problems: SpecProblem[];
      if (validation.ok) {
        result.spec = validation.spec;
        const tested = test ? await test(validation.spec) : null;
        result.testRunId = tested?.runId ?? null;
        if (!tested?.problems.length) return result;
        problems = tested.problems;
      } else {
        result.spec = null;
        result.invalidSpec = parsed.raw;
        result.problems = problems = validation.problems;
      }
      if (round < MAX_REPAIR_ROUNDS) {
        onEvent({ type: 'repair', round: round + 1, problems });
        conversation.push({ role: 'user', content: prompt.repair(problems) });
      }
    }
    return result;
  } catch (error) {
    if (!(error instanceof LlmFailure)) throw error;
    result.error = error;
    return result;
  } finally {
    result.latencyMs = Math.round(performance.now() - started);
  }
}
