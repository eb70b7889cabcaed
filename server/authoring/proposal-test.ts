import type { AppServices } from '../app-services';
import type { ChatConversation, Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { SpecProblem } from '../../core/spec/validate-spec';
import { getTestPreview } from '../runs/test-preview.service';
import { startTestRun } from '../runs/test-runs.service';

/** How long a chat turn waits for the test of its proposal; past it, the test goes on and its page tells. */
const TEST_WAIT_MS = 20_000;

/**
 * Failures a test run finds that the spec itself causes, so the model can repair them: a template
 * that cannot evaluate, a value rendered too large, a config that renders invalid (an URL, no
 * recipient). Others (a connector's missing secret, the model endpoint not configured) are for the
 * person to fix outside the workflow.
 */
const specFailureTypes = new Set(['ExpressionError', 'RenderedTooLarge', 'NodeConfigError']);

/**
 * The workflow a new workflow's conversation tests its proposals on: a hidden row of status
 * `proposal` (decision 0011), made at its first test and kept by the conversation, which becomes the
 * workflow when a proposal is accepted. No list shows it and nothing but a test run acts on it.
 */
export async function proposalWorkflowId(
  models: Models,
  conversation: ChatConversation,
  spec: WorkflowSpec,
): Promise<string> {
  if (conversation.testWorkflowId) return conversation.testWorkflowId;
  const workflow = await models.Workflow.create({
    ownerId: conversation.ownerId,
    name: 'Proposal (not accepted yet)',
    specJson: spec,
    llmPromptVersion: null,
    status: 'proposal',
  });
  await conversation.update({ testWorkflowId: workflow.id });
  return workflow.id;
}

/**
 * Tests a valid proposal for a workflow with a test run of sample data (decision 0011), and returns
 * its id with the failures the model should repair, as spec problems at the failing node; null when
 * no test could start (Temporal down, for one): the proposal stands untested.
 */
export async function testProposal(
  services: AppServices,
  user: User,
  workflowId: string,
  spec: WorkflowSpec,
): Promise<{ runId: string; problems: SpecProblem[] } | null> {
  let runId: string;
  try {
    runId = (await startTestRun(services, user, { workflowId, spec, input: {} })).id;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
  await services.runEnds.waitForEnd(runId, TEST_WAIT_MS);
  const preview = await getTestPreview(services, user, runId);
  const problems = new Map<string, SpecProblem>();
  for (const node of preview.nodes)
    if (node.status === 'failed' && specFailureTypes.has(node.errorType ?? '') && !problems.has(node.nodeId))
      problems.set(node.nodeId, {
        path: `nodes.${spec.nodes.findIndex((n) => n.id === node.nodeId)}.config`,
        message: `In a test run with sample data, "${node.name}" failed: ${node.error}`,
      });
  return { runId, problems: [...problems.values()] };
}
