import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import type { ChatMessage } from '../../core/db/models';
import { checkReplyClaims } from '../../core/spec/reply-claims';
import { diffSpecs } from '../../core/spec/spec-diff';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

export const chatMessageDtoSchema = z.object({
  id: z.uuid(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  proposedSpec: z.unknown().nullable(),
  proposedName: z.string().nullable(),
  proposalStatus: z.enum(['proposed', 'accepted', 'discarded', 'invalid']).nullable(),
  /** The proposal against the workflow's current spec (all additions for a new workflow). */
  diff: z.unknown().nullable(),
  /** What the reply says the proposal does that the diff does not bear out, in words; empty when none. */
  replyWarnings: z.array(z.string()),
  questions: z.array(z.string()),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  promptVersion: z.string().nullable(),
  model: z.string().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  repairRounds: z.number().int(),
  error: z.string().nullable(),
  /** The test run the assistant made of its proposal (`runs.preview` tells what it would do); null when none ran. */
  testRunId: z.uuid().nullable(),
  createdAt: timestampSchema,
});
export type ChatMessageDto = z.input<typeof chatMessageDtoSchema>;

/** A conversation's messages, oldest first, and the workflow it is about. */
export const chatMessagesDtoSchema = z.object({
  workflowId: z.uuid().nullable(),
  messages: z.array(chatMessageDtoSchema),
});

export function toChatMessageDto(message: ChatMessage, currentSpec: WorkflowSpec | null): ChatMessageDto {
  // Like the diff, only for an open proposal, and against the same current spec.
  const open = message.proposalStatus === 'proposed' && message.proposedSpec ? message.proposedSpec : null;
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    proposedSpec: message.proposedSpec ?? null,
    proposedName: message.proposedName ?? null,
    proposalStatus: message.proposalStatus ?? null,
    diff: open ? diffSpecs(currentSpec, open) : null,
    replyWarnings: open ? checkReplyClaims(message.content, currentSpec, open).map((w) => w.message) : [],
    questions: message.questions ?? [],
    problems: message.problems ?? [],
    promptVersion: message.promptVersion ?? null,
    model: message.model ?? null,
    promptTokens: message.promptTokens ?? null,
    completionTokens: message.completionTokens ?? null,
    latencyMs: message.latencyMs ?? null,
    repairRounds: message.repairRounds ?? 0,
    error: message.error ?? null,
    testRunId: message.testRunId ?? null,
    createdAt: message.createdAt,
  };
}
