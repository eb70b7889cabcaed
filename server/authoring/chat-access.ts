import type { ChatConversation, Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

/** A conversation the user may use: their own, or any for an admin; NOT_FOUND otherwise. */
export async function findAccessibleConversation(
  models: Models,
  user: User,
  conversationId: string,
): Promise<ChatConversation> {
  const conversation = await models.ChatConversation.findByPk(conversationId);
  if (!conversation || (conversation.ownerId !== user.id && user.role !== 'admin'))
    throw new AppError('NOT_FOUND', 'No such conversation.');
  return conversation;
}
