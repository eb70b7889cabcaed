import { z } from 'zod';
import type { AppServices } from '../../app-services';
import type { ChatConversation } from '../../../core/db/models';
import { findAccessibleConversation } from '../../authoring/chat-access';
import { chatMessageDtoSchema, toChatMessageDto } from '../../authoring/chat-message.dto';
import { acceptProposal, discardProposal, sendMessage, startConversation } from '../../authoring/chat.service';
import { protectedProcedure, router } from '../init';

const currentSpecOf = async ({ models }: AppServices, conversation: ChatConversation) =>
  conversation.workflowId ? ((await models.Workflow.findByPk(conversation.workflowId))?.specJson ?? null) : null;

/** What `chat.send` streams: the stored user message, reply text as it is generated, repairs, the answer. */
const chatEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stored'), message: chatMessageDtoSchema }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({ type: z.literal('repair'), round: z.number().int(), problems: z.array(z.object({ path: z.string(), message: z.string() })) }),
  z.object({ type: z.literal('done'), message: chatMessageDtoSchema }),
]);
type ChatEvent = z.infer<typeof chatEventSchema>;

export const chatRouter = router({
  start: protectedProcedure
    .input(z.object({ workflowId: z.uuid().nullable().default(null) }))
    .output(z.object({ conversationId: z.uuid(), workflowId: z.uuid().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const conversation = await startConversation(ctx, ctx.user, input.workflowId);
      return { conversationId: conversation.id, workflowId: conversation.workflowId };
    }),

  messages: protectedProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .output(z.object({ workflowId: z.uuid().nullable(), messages: z.array(chatMessageDtoSchema) }))
    .query(async ({ ctx, input }) => {
      const conversation = await findAccessibleConversation(ctx.models, ctx.user, input.conversationId);
      const current = await currentSpecOf(ctx, conversation);
      const messages = await ctx.models.ChatMessage.findAll({ where: { conversationId: conversation.id }, order: [['createdAt', 'ASC']] });
      return { workflowId: conversation.workflowId, messages: messages.map((m) => toChatMessageDto(m, current)) };
    }),

  /**
   * One turn, streamed (server-sent events): the reply appears as the model writes it. tRPC's
   * `.output()` validates a subscription's iterable, not its items, so each event is parsed with
   * its schema before it is sent.
   */
  send: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), text: z.string().trim().min(1).max(8000) }))
    .subscription(async function* ({ ctx, input }) {
      const conversation = await findAccessibleConversation(ctx.models, ctx.user, input.conversationId);
      const current = await currentSpecOf(ctx, conversation);
      const queue: ChatEvent[] = [];
      let wake: (() => void) | null = null;
      let finished = false;
      let failure: unknown = null;
      const push = (event: ChatEvent) => {
        queue.push(event);
        wake?.();
      };
      void sendMessage(ctx, ctx.user, conversation.id, input.text, (event) =>
        push(event.type === 'stored' ? { type: 'stored', message: toChatMessageDto(event.message, current) } : event),
      )
        .then(({ assistantMessage }) => push({ type: 'done', message: toChatMessageDto(assistantMessage, current) }))
        .catch((error: unknown) => (failure = error))
        .finally(() => {
          finished = true;
          wake?.();
        });
      for (;;) {
        const event = queue.shift();
        if (event) {
          yield chatEventSchema.parse(event);
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      if (failure) throw failure;
    }),

  accept: protectedProcedure
    .input(z.object({ messageId: z.uuid() }))
    .output(z.object({ workflowId: z.uuid(), llmPromptVersion: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const workflow = await acceptProposal(ctx, ctx.user, input.messageId);
      return { workflowId: workflow.id, llmPromptVersion: workflow.llmPromptVersion };
    }),

  discard: protectedProcedure
    .input(z.object({ messageId: z.uuid() }))
    .output(z.object({ discarded: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await discardProposal(ctx, ctx.user, input.messageId);
      return { discarded: true as const };
    }),
});
