import { randomUUID } from 'node:crypto';
import type { AppServices } from '../app-services';
import { insertRun } from './run-rows';
import type { User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { testRunTemporalWorkflowId } from '../../core/run/temporal-links';
import type { TestPlan } from '../../core/run/test-plan';
import { scopeNodes } from '../../core/spec/spec-graph';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { requireValidSpec } from '../workflows/spec-validation.service';
import { launchRun } from './runs.service';
import { planSamples } from './test-samples';

export interface StartTestRunOptions {
  workflowId: string;
  /** The spec to test, saved or only proposed; the workflow's current one when absent. */
  spec?: unknown;
  input: unknown;
  /** The decision each approval node takes at once; "approved" for those not named. */
  approvals?: TestPlan['approvals'];
}

/** Refuses decisions for nodes that are not approvals of the spec: a typo would go unnoticed. */
function checkApprovals(spec: WorkflowSpec, approvals: TestPlan['approvals']) {
  const approvalIds = new Set(spec.nodes.filter((n) => n.type === 'approval').map((n) => n.id));
  const strays = Object.keys(approvals).filter((id) => !approvalIds.has(id));
  if (strays.length)
    throw new AppError(
      'BAD_REQUEST',
      `Decisions were given for ${strays.map((id) => `"${id}"`).join(', ')}, which ${strays.length > 1 ? 'are not approval nodes' : 'is not an approval node'} of the spec tested.`,
    );
}

/**
 * Starts a test run (decision 0011): the spec runs on Temporal as a real run does, but no node acts
 * outside the run. Nodes with outside effects answer with the samples chosen here (`planSamples`)
 * and report what they would have done; delays do not wait; approvals decide at once. The run is
 * recorded like any run, marked `test` (listed apart, never waits for or holds back a real run),
 * and its Temporal execution is `test-<id>`.
 */
export async function startTestRun(services: AppServices, actor: User, options: StartTestRunOptions) {
  const { models } = services;
  const workflow = await findAccessibleWorkflow(models, actor, options.workflowId, { proposals: true });
  const spec = await requireValidSpec(models, workflow.ownerId, options.spec ?? workflow.specJson, 'testing it');
  const approvals = options.approvals ?? {};
  checkApprovals(spec, approvals);
  const testPlan: TestPlan = { samples: await planSamples(models, workflow.id, spec), approvals };
  const id = randomUUID();
  const run = await insertRun(
    models,
    {
      id,
      workflowId: workflow.id,
      inputPayload: options.input ?? {},
      specSnapshot: spec,
      runTrigger: 'test',
      temporalWorkflowId: testRunTemporalWorkflowId(id),
      testPlan,
    },
    scopeNodes(spec.nodes, null).map((node) => ({ nodeId: node.id })),
    {
      actorId: actor.id,
      action: 'run.test',
      details: { workflowId: workflow.id, specGiven: options.spec !== undefined },
    },
  );
  await launchRun(services, run, workflow, { startedBy: actor.email, test: { approvals } });
  return Object.assign(run, { workflow });
}
