import type { Migration } from '../core/db/migrator';
import { initModels } from '../core/db/models';
import { recordVersion } from '../core/db/workflow-versions';
import { workflowSpecSchema, type WorkflowSpec } from '../core/spec/spec.schema';
import { demoAdmin } from './0001-demo-admin';
import { sampleConnector } from './0002-sample-connector';

export const sampleWorkflowName = 'Sample: summarise open todos every weekday';

/** The spec, checked against the spec schema before it is stored. */
export function sampleSpec(connectorId: string): WorkflowSpec {
  return workflowSpecSchema.parse({
    trigger: { type: 'cron', cron: '0 9 * * 1-5' },
    nodes: [
      {
        id: 'fetch_todos',
        type: 'http_request',
        name: 'Fetch open todos',
        config: { connectorId, method: 'GET', url: '/todos?completed=false' },
      },
      {
        id: 'count_open',
        type: 'transform',
        name: 'Count open todos',
        config: { fields: [{ name: 'open', value: '{{ length(nodes.fetch_todos.body) }}' }] },
      },
    ],
    edges: [['fetch_todos', 'count_open']],
  });
}

export const up: Migration = async ({ context: { sequelize } }) => {
  const models = initModels(sequelize);
  const { User, Connector, Workflow } = models;
  const admin = await User.findOne({ where: { email: demoAdmin.email }, rejectOnEmpty: true });
  if (await Workflow.findOne({ where: { ownerId: admin.id, name: sampleWorkflowName } })) return;
  const connector = await Connector.findOne({
    where: { ownerId: admin.id, name: sampleConnector.name },
    rejectOnEmpty: true,
  });
  // One transaction: a seed cut short never leaves a workflow without its first version.
  await sequelize.transaction(async (transaction) => {
    const workflow = await Workflow.create(
      {
        ownerId: admin.id,
        name: sampleWorkflowName,
        description:
          'Fetches the open todos from the sample HTTP API and counts them. A draft: activate it to schedule it.',
        specJson: sampleSpec(connector.id),
        llmPromptVersion: 'author-v1',
        status: 'draft',
      },
      { transaction },
    );
    await recordVersion(models, workflow, { source: 'seed', createdBy: admin.id }, transaction);
  });
};
