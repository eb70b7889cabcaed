import { z } from 'zod';
import type { AppServices } from '../app-services';
import type { User } from '../../core/db/models';
import { storableText } from '../../core/db/storable';
import { sendMessage, startConversation } from '../authoring/chat.service';
import { jsonSchemaOf } from './json-schema-of';
import { parseArguments, refusalsAsToolErrors, toolResult, type McpTool } from './mcp-tool';
import { appLink } from '../../core/config/app-link';

const proposeInput = z
  .object({
    description: storableText
      .trim()
      .min(1)
      .max(8000)
      .describe('What the workflow should do, in plain words, as you would tell the chat'),
    workflowId: z.uuid().optional().describe('A workflow of yours to change instead of proposing a new one'),
  })
  .strict();

/**
 * propose_workflow: the description becomes the first message of a new chat conversation of the
 * person's (about the workflow to change, if any), answered by the same authoring turn as the chat
 * (chat.service.ts). The proposal waits there for the person to accept it: an agent never creates
 * or activates a workflow by itself.
 */
export function proposeTool(services: AppServices, user: User): McpTool {
  return {
    definition: {
      name: 'propose_workflow',
      title: 'Propose a workflow',
      description:
        "Asks the workflow author (the app's chat) for a workflow from a description, or a change to one of yours. " +
        'The proposal lands in your chat in the app for you to review and accept there; it is never saved or activated by this call. ' +
        'Returns the reply, any questions the author needs answered, and the conversation link.',
      inputSchema: jsonSchemaOf(proposeInput, 'input'),
    },
    async call(args) {
      const parsed = parseArguments(proposeInput, args);
      if (!parsed.ok) return parsed.error;
      return refusalsAsToolErrors(async () => {
        const conversation = await startConversation(services, user, parsed.value.workflowId ?? null);
        const { assistantMessage: message } = await sendMessage(
          services,
          user,
          conversation.id,
          parsed.value.description,
        );
        return toolResult(
          {
            conversationId: conversation.id,
            url: appLink(services.config.PUBLIC_URL, `/author/${conversation.id}`),
            reply: message.content,
            questions: message.questions,
            proposalStatus: message.proposalStatus,
            proposedName: message.proposedName,
            problems: message.problems,
          },
          message.error !== null,
        );
      });
    },
  };
}
