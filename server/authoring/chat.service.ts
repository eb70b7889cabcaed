import type OpenAI from 'openai';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { ChatConversation, ChatMessage, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { createWorkflow, updateWorkflowSpec } from '../workflows/workflows.service';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { validateSpecFor } from '../workflows/spec-validation.service';
import { nodeCatalog, templateFunctionCatalog } from '../../core/spec/node-catalog';
import { runAuthoringTurn, type TurnEvent } from './authoring-turn';
import { findAccessibleConversation } from './chat-access';
import { createLlmClient, llmNotConfiguredMessage } from './llm-client';
import { currentPrompt } from './prompts';
import { proposalWorkflowId, testProposal } from './proposal-test';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

/** Starts a conversation: about an existing workflow, or about a new one (no workflow yet). */
export async function startConversation(
  services: AppServices,
  user: User,
  workflowId: string | null,
): Promise<ChatConversation> {
  const workflow = workflowId ? await findAccessibleWorkflow(services.models, user, workflowId) : null;
  const conversation = await services.models.ChatConversation.create({
    ownerId: workflow?.ownerId ?? user.id,
    workflowId: workflow?.id ?? null,
  });
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'chat.start',
    resourceType: 'chat_conversation',
    resourceId: conversation.id,
    details: { workflowId: conversation.workflowId },
  });
  return conversation;
}

/** Earlier turns as the model saw them: assistant turns as their JSON answers. */
function history(messages: ChatMessage[]): OpenAI.Chat.ChatCompletionMessageParam[] {
  return messages.map((m) =>
    m.role === 'user'
      ? { role: 'user' as const, content: m.content }
      : {
          role: 'assistant' as const,
          content: JSON.stringify({
            reply: m.content,
            questions: m.questions,
            name: m.proposedName,
            spec: m.proposedSpec,
          }),
        },
  );
}

/**
 * One turn of the chat. The person's message is stored before the model is called, and the
 * assistant's answer (or the reason there is none) after, so a failure loses nothing.
 */
export async function sendMessage(
  services: AppServices,
  user: User,
  conversationId: string,
  text: string,
  onEvent: (event: TurnEvent | { type: 'stored'; message: ChatMessage }) => void = () => undefined,
) {
  const { models, config } = services;
  const conversation = await findAccessibleConversation(models, user, conversationId);
  const earlier = await models.ChatMessage.findAll({ where: { conversationId }, order: [['createdAt', 'ASC']] });
  const userMessage = await models.ChatMessage.create({ conversationId, role: 'user', content: text });
  onEvent({ type: 'stored', message: userMessage });

  const client = createLlmClient(config);
  if (!client) {
    return {
      userMessage,
      assistantMessage: await models.ChatMessage.create({
        conversationId,
        role: 'assistant',
        content: llmNotConfiguredMessage,
        error: llmNotConfiguredMessage,
      }),
    };
  }
  const workflow = conversation.workflowId ? await models.Workflow.findByPk(conversation.workflowId) : null;
  // Proposals are tested on the workflow, or, for a new one, on the conversation's hidden proposal workflow.
  const test = async (spec: WorkflowSpec) =>
    testProposal(services, user, workflow?.id ?? (await proposalWorkflowId(models, conversation, spec)), spec);
  const connectors = await models.Connector.findAll({
    where: { ownerId: conversation.ownerId },
    order: [['name', 'ASC']],
  });
  const system = currentPrompt.system({
    catalog: nodeCatalog,
    functions: templateFunctionCatalog,
    connectors: connectors.map((c) => ({ id: c.id, name: c.name, type: c.type })),
    currentSpec: workflow?.specJson ?? null,
    workflowName: workflow?.name ?? null,
    today: new Date().toISOString().slice(0, 10),
  });
  const turn = await runAuthoringTurn({
    client,
    model: config.LLM_MODEL,
    prompt: currentPrompt,
    messages: [{ role: 'system', content: system }, ...history(earlier), { role: 'user', content: text }],
    validate: (spec) => validateSpecFor(models, conversation.ownerId, spec),
    test,
    onEvent,
  });
  const problemsText = turn.problems.length
    ? `I could not produce a valid workflow. Remaining problems:\n${turn.problems.map((p) => `- ${p.path || 'spec'}: ${p.message}`).join('\n')}`
    : '';
  const assistantMessage = await models.ChatMessage.create({
    conversationId,
    role: 'assistant',
    content: turn.error ? turn.error.message : [turn.reply, problemsText].filter(Boolean).join('\n\n'),
    proposedSpec: turn.spec ?? (turn.invalidSpec as ChatMessage['proposedSpec']) ?? null,
    proposedName: turn.name,
    proposalStatus: turn.spec ? 'proposed' : turn.invalidSpec ? 'invalid' : null,
    questions: turn.questions,
    problems: turn.problems,
    promptVersion: currentPrompt.id,
    model: turn.model,
    promptTokens: turn.promptTokens,
    completionTokens: turn.completionTokens,
    latencyMs: turn.latencyMs,
    repairRounds: turn.repairRounds,
    error: turn.error?.message ?? null,
    testRunId: turn.testRunId,
  });
  conversation.changed('updatedAt', true);
  await conversation.save();
  return { userMessage, assistantMessage };
}

/** Accepts a valid proposal: it becomes the workflow's spec (a new workflow for a new chat). */
export async function acceptProposal(services: AppServices, user: User, messageId: string) {
  const message = await services.models.ChatMessage.findByPk(messageId);
  if (!message) throw new AppError('NOT_FOUND', 'No such message.');
  const conversation = await findAccessibleConversation(services.models, user, message.conversationId);
  if (message.proposalStatus !== 'proposed' || !message.proposedSpec) {
    throw new AppError(
      'CONFLICT',
      message.proposalStatus === 'invalid'
        ? 'This proposal is not valid, so it cannot be accepted.'
        : `This message has no open proposal (${message.proposalStatus ?? 'none'}).`,
    );
  }
  const origin = { source: 'chat' as const, chatMessageId: message.id };
  const workflow = conversation.workflowId
    ? await updateWorkflowSpec(services, user, {
        workflowId: conversation.workflowId,
        spec: message.proposedSpec,
        llmPromptVersion: message.promptVersion,
        origin,
      })
    : await createWorkflow(
        services,
        user,
        {
          name: message.proposedName ?? 'New workflow',
          description: null,
          spec: message.proposedSpec,
          llmPromptVersion: message.promptVersion,
        },
        origin,
        // The hidden workflow its proposals were tested on becomes it, with those test runs.
        (conversation.testWorkflowId &&
          (await services.models.Workflow.findOne({
            where: { id: conversation.testWorkflowId, status: 'proposal' },
          }))) ||
          undefined,
      );
  await services.sequelize.transaction(async (transaction) => {
    await message.update({ proposalStatus: 'accepted' }, { transaction });
    if (!conversation.workflowId) await conversation.update({ workflowId: workflow.id }, { transaction });
    await recordAudit(
      services.models,
      {
        actorId: user.id,
        action: 'chat.accept',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: { messageId: message.id, promptVersion: message.promptVersion },
      },
      transaction,
    );
  });
  return workflow;
}

/** Sets a proposal aside; nothing is saved to the workflow. */
export async function discardProposal(services: AppServices, user: User, messageId: string): Promise<void> {
  const message = await services.models.ChatMessage.findByPk(messageId);
  if (!message) throw new AppError('NOT_FOUND', 'No such message.');
  await findAccessibleConversation(services.models, user, message.conversationId);
  if (message.proposalStatus !== 'proposed') throw new AppError('CONFLICT', 'This message has no open proposal.');
  await message.update({ proposalStatus: 'discarded' });
  await recordAudit(services.models, {
    actorId: user.id,
    action: 'chat.discard',
    resourceType: 'chat_message',
    resourceId: message.id,
    details: { conversationId: message.conversationId },
  });
}
