import { randomUUID } from 'node:crypto';
import type { AppServices } from '../app-services';
import { createApiToken } from '../auth/api-tokens.service';
import { createConnector } from '../connectors/connectors.service';
import type { User } from '../../core/db/models';
import { createSecret } from '../secrets/secrets.service';
import { createWorkflow } from '../workflows/workflows.service';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

const approvalSpec: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    { id: 'ask', type: 'approval', name: 'Ask', config: { message: 'ok?', timeoutMinutes: 60, onTimeout: 'reject' } },
    { id: 'note', type: 'transform', name: 'Note', config: { fields: [{ name: 'x', value: '1' }] } },
  ],
  edges: [['ask', 'note']],
};

/**
 * One fresh set of resources owned by `owner`, for one call of one procedure as one role: a
 * workflow (with version 1), an ended run waiting nowhere, a conversation with an open proposal,
 * an API token, a secret, an http connector (to a loopback address the test configuration refuses,
 * so testing it makes no outbound call), and a member account an admin may act on.
 */
export async function accessFixtures(services: AppServices, owner: User) {
  const { models } = services;
  const workflow = await createWorkflow(
    services,
    owner,
    { name: `wf-${randomUUID()}`, description: null, spec: approvalSpec, llmPromptVersion: null },
    { source: 'editor' },
  );
  const run = await models.WorkflowRun.create({
    workflowId: workflow.id,
    runStatus: 'success',
    inputPayload: {},
    specSnapshot: approvalSpec,
    temporalWorkflowId: `run-fixture-${randomUUID()}`,
  });
  await models.Task.bulkCreate(
    approvalSpec.nodes.map((n) => ({ workflowRunId: run.id, nodeId: n.id, taskStatus: 'success' as const })),
  );
  const conversation = await models.ChatConversation.create({ ownerId: owner.id, workflowId: null });
  const proposal = await models.ChatMessage.create({
    conversationId: conversation.id,
    role: 'assistant',
    content: 'here',
    proposedSpec: approvalSpec,
    proposedName: 'Proposed',
    proposalStatus: 'proposed',
    promptVersion: 'author-v1',
  });
  const { apiToken } = await createApiToken(models, owner, { name: 'fixture' });
  const secret = await createSecret(services, owner, { name: `fixture-${randomUUID()}`, value: 'fixture value' });
  const connector = await createConnector(services, owner, {
    name: 'fixture',
    type: 'http',
    config: { baseUrl: 'http://127.0.0.1:9/', auth: 'bearer' },
    secret: { bearerToken: 'fixture token' },
  });
  // No real password: this account is only acted on, never signed in (and bcrypt is slow).
  const target = await models.User.create({
    name: 'Target',
    email: `target-${randomUUID()}@example.com`,
    password: '!',
    role: 'member',
  });
  return { workflow, run, conversation, proposal, apiToken, secret, connector, target };
}
export type AccessFixtures = Awaited<ReturnType<typeof accessFixtures>>;
