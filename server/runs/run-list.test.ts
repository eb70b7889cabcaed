import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User, Workflow, WorkflowRun } from '../../core/db/models';
import type { RunStatus } from '../../core/db/enums';
import { callerFor } from '../../testing/caller';
import { createAdmin, createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-server';
import { closeAppServices, createAppServices, type AppServices } from '../app-services';

// A member's runs are paged by a query of their own (own-run-page.ts): walking every page must
// give exactly their runs, in the list's order, with runs sharing a created_at split across pages.

let db: MigratedDatabase;
let services: AppServices;
let owner: User;
let admin: User;
const runs: WorkflowRun[] = [];
const workflows: Workflow[] = [];
const statuses: RunStatus[] = ['success', 'failed', 'running', 'success', 'cancelled'];

beforeAll(async () => {
  db = await migratedTestDatabase();
  services = createAppServices(testConfig(db.url));
  owner = await createOwner(services.models);
  admin = await createAdmin(services.models);
  const other = await createOwner(services.models, 'other@example.com');
  for (const [i, ownerId] of [owner.id, owner.id, owner.id, other.id].entries()) {
    workflows.push(
      await services.models.Workflow.create({
        ownerId,
        name: `w${i}`,
        specJson: { trigger: { type: 'manual' }, nodes: [], edges: [] },
        llmPromptVersion: null,
      }),
    );
  }
  for (let i = 0; i < 60; i++) {
    runs.push(
      await services.models.WorkflowRun.create({
        workflowId: workflows[i % workflows.length]!.id,
        runStatus: statuses[i % statuses.length],
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, Math.floor(i / 3))), // three runs a second
      }),
    );
  }
});
afterAll(async () => {
  await closeAppServices(services);
  await db.drop();
});

const newestFirst = (a: WorkflowRun, b: WorkflowRun) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

async function walk(user: User, filters: { workflowId?: string; status?: RunStatus }) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await callerFor(services, user).runs.list({ ...filters, limit: 4, cursor });
    ids.push(...page.items.map((run) => run.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const cases: Array<{ label: string; workflow: number | null; status: RunStatus | null }> = [
  { label: 'all', workflow: null, status: null },
  { label: 'by status', workflow: null, status: 'success' },
  { label: 'by workflow', workflow: 1, status: null },
  { label: 'by workflow and status', workflow: 1, status: 'failed' },
  { label: "another owner's workflow", workflow: 3, status: null },
];

it.each(cases)('pages a member through exactly their runs, newest first: $label', async ({ workflow, status }) => {
  const workflowId = workflow === null ? undefined : workflows[workflow]!.id;
  const mine = new Set(workflows.filter((w) => w.ownerId === owner.id).map((w) => w.id));
  const expected = runs
    .filter((r) => mine.has(r.workflowId) && (!workflowId || r.workflowId === workflowId))
    .filter((r) => !status || r.runStatus === status)
    .sort(newestFirst)
    .map((r) => r.id);
  expect(await walk(owner, { ...(workflowId ? { workflowId } : {}), ...(status ? { status } : {}) })).toEqual(expected);
});

it('pages an admin through every run in the same order', async () => {
  expect(await walk(admin, {})).toEqual([...runs].sort(newestFirst).map((r) => r.id));
});
