import { z } from 'zod';
import type { AppServices } from '../app-services';
import type { ChatConversation, Models, User } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { eventsOf } from '../streams/events-of';
import { findAccessibleConversation } from './chat-access';
import { chatMessageDtoSchema, type chatMessagesDtoSchema, toChatMessageDto } from './chat-message.dto';
import { sendMessage } from './chat.service';

// The chat as its page reads it: messages as DTOs, each proposal with its diff against the
// workflow's current spec.

/** What `chat.send` streams: the stored user message, reply text as it is generated, repairs, the answer. */
export const chatEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stored'), message: chatMessageDtoSchema }),
  z.object({ type: z.literal('delta'), text: z.string() }),
  z.object({
    type: z.literal('repair'),
    round: z.number().int(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
  z.object({ type: z.literal('done'), message: chatMessageDtoSchema }),
]);
type ChatEvent = z.infer<typeof chatEventSchema>;

/** The spec proposals are compared with: the workflow's, or none for a new workflow. */
async function currentSpecOf(models: Models, conversation: ChatConversation): Promise<WorkflowSpec | null> {
  return conversation.workflowId ? ((await models.Workflow.findByPk(conversation.workflowId))?.specJson ?? null) : null;
}

/** The conversation's messages, oldest first. */
export async function listMessages(
  models: Models,
  user: User,
  conversationId: string,
): Promise<z.input<typeof chatMessagesDtoSchema>> {
  const conversation = await findAccessibleConversation(models, user, conversationId);
  const current = await currentSpecOf(models, conversation);
  const messages = await models.ChatMessage.findAll({
    where: { conversationId: conversation.id },
    order: [['createdAt', 'ASC']],
  });
  return { workflowId: conversation.workflowId, messages: messages.map((m) => toChatMessageDto(m, current)) };
}

/**
 * One turn as the events the page shows while it happens. tRPC validates a subscription's
 * iterable, not its items, so each event is parsed with its schema before it is sent.
 */
export async function* chatTurnEvents(
  services: AppServices,
  user: User,
  conversationId: string,
  text: string,
): AsyncGenerator<ChatEvent> {
  const conversation = await findAccessibleConversation(services.models, user, conversationId);
  const current = await currentSpecOf(services.models, conversation);
  const events = eventsOf<z.input<typeof chatEventSchema>>(async (emit) => {
    const { assistantMessage } = await sendMessage(services, user, conversation.id, text, (event) =>
      emit(event.type === 'stored' ? { type: 'stored', message: toChatMessageDto(event.message, current) } : event),
    );
    return { type: 'done', message: toChatMessageDto(assistantMessage, current) };
  });
  for await (const event of events) yield chatEventSchema.parse(event);
}
