import { z } from 'zod';
import { storableText } from '../../../core/db/storable';
import { chatTurnEvents, listMessages } from '../../authoring/chat-views.service';
import { chatMessagesDtoSchema } from '../../authoring/chat-message.dto';
import { acceptProposal, discardProposal, startConversation } from '../../authoring/chat.service';
import { fixConversationDtoSchema, startFixConversation } from '../../authoring/failed-run-report';
import { protectedProcedure, router } from '../init';

export const chatRouter = router({
  start: protectedProcedure
    .input(z.object({ workflowId: z.uuid().nullable().default(null) }))
    .output(z.object({ conversationId: z.uuid(), workflowId: z.uuid().nullable() }))
    .mutation(async ({ ctx, input }) => {
      const conversation = await startConversation(ctx, ctx.user, input.workflowId);
      return { conversationId: conversation.id, workflowId: conversation.workflowId };
    }),

  /**
   * "Fix in chat" for a failed run: a conversation about its workflow, and the message (for the
   * person to send with `chat.send`) that gives the model the failure and asks for an explanation and
   * a fix.
   */
  fixRun: protectedProcedure
    .input(z.object({ runId: z.uuid() }))
    .output(fixConversationDtoSchema)
    .mutation(({ ctx, input }) => startFixConversation(ctx, ctx.user, input.runId)),

  messages: protectedProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .output(chatMessagesDtoSchema)
    .query(({ ctx, input }) => listMessages(ctx.models, ctx.user, input.conversationId)),

  /** One turn, streamed (server-sent events): the reply appears as the model writes it. */
  send: protectedProcedure
    .input(z.object({ conversationId: z.uuid(), text: storableText.trim().min(1).max(8000) }))
    .subscription(({ ctx, input }) => chatTurnEvents(ctx, ctx.user, input.conversationId, input.text)),

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
