import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAdmin } from './0001-demo-admin';
import { sampleConnector } from './0002-sample-connector';
import { sampleWorkflowName } from './0003-sample-workflow';
import { workflowSpecSchema } from '../core/spec/spec.schema';
import { httpConnectorConfigSchema } from '../core/connectors/connector-configs';
import { verifyPassword } from '../core/auth/password';
import { migratedTestDatabase, type MigratedDatabase } from '../testing/test-database';
import { runSeeders } from '../core/db/migrator';

let db: MigratedDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(() => db.drop());

const everything = async () => ({
  users: await db.models.User.findAll({ raw: true, order: [['id', 'ASC']] }),
  workflows: await db.models.Workflow.findAll({ raw: true, order: [['id', 'ASC']] }),
  connectors: await db.models.Connector.findAll({ raw: true, order: [['id', 'ASC']] }),
  versions: await db.models.WorkflowVersion.findAll({ raw: true, order: [['id', 'ASC']] }),
});

it('creates the demo admin, a sample connector and a sample workflow with a valid spec', async () => {
  await runSeeders(db.sequelize);
  const { users, workflows, connectors } = await everything();

  expect(users).toHaveLength(1);
  const admin = users[0]!;
  expect(admin).toMatchObject({ email: demoAdmin.email, role: 'admin' });
  expect(admin.password).toMatch(/^\$2[aby]\$12\$/);
  expect(await verifyPassword('password123', admin.password)).toBe(true);
  expect(await verifyPassword('password124', admin.password)).toBe(false);

  expect(connectors).toHaveLength(1);
  expect(connectors[0]).toMatchObject({ ownerId: admin.id, name: sampleConnector.name, type: 'http' });
  // Valid as the API and the http_request node read it, so the sample runs and tests as it is.
  expect(httpConnectorConfigSchema.safeParse(connectors[0]!.config).success).toBe(true);

  expect(workflows).toHaveLength(1);
  const workflow = workflows[0]!;
  expect(workflow).toMatchObject({
    ownerId: admin.id,
    name: sampleWorkflowName,
    status: 'draft',
    llmPromptVersion: 'author-v1',
  });
  expect(workflowSpecSchema.safeParse(workflow.specJson).success).toBe(true);
  expect(JSON.stringify(workflow.specJson)).toContain(connectors[0]!.id);
  const versions = await db.models.WorkflowVersion.findAll({ where: { workflowId: workflow.id }, raw: true });
  expect(versions).toMatchObject([
    { version: 1, source: 'seed', specJson: workflow.specJson, llmPromptVersion: 'author-v1' },
  ]);
});

it('changes nothing when run again, and keeps what a person changed since', async () => {
  await db.models.User.update({ name: 'Renamed Admin' }, { where: { email: demoAdmin.email } });
  const before = await everything();
  await runSeeders(db.sequelize);
  expect(await everything()).toEqual(before);
});
