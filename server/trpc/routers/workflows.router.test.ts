import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../core/db/models';
import { scheduleIdFor } from '../../temporal/schedules';
import { callerFor } from '../../../testing/caller';
import { createOwner } from '../../../testing/fixtures';
import { startRunEnvironment, type RunEnvironment } from '../../../testing/run-environment';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';

let env: RunEnvironment;
let owner: User;
let other: User;
let admin: User;

const spec = (label: string, trigger: WorkflowSpec['trigger'] = { type: 'manual' }): WorkflowSpec => ({
  trigger,
  nodes: [{ id: 'say', type: 'transform', name: 'Say', config: { fields: [{ name: 'text', value: label }] } }],
  edges: [],
});

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
  other = await createOwner(env.services.models, 'other@example.com');
  admin = await createOwner(env.services.models, 'root@example.com');
  await admin.update({ role: 'admin' });
  const caller = callerFor(env.services, owner);
  for (let i = 0; i < 7; i++) await caller.workflows.create({ name: `Mine ${i}`, spec: spec(`m${i}`) });
  await callerFor(env.services, other).workflows.create({ name: 'Theirs', spec: spec('t') });
});
afterAll(() => env?.close());

describe('workflows', () => {
  it("pages through a member's own workflows, newest first, without repeats", async () => {
    const caller = callerFor(env.services, owner);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ name: string }>; nextCursor: string | null } = await caller.workflows.list({
        limit: 3,
        cursor,
      });
      names.push(...page.items.map((w) => w.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['Mine 6', 'Mine 5', 'Mine 4', 'Mine 3', 'Mine 2', 'Mine 1', 'Mine 0']);
  });

  it("filters by status and name, and lets an admin see everyone's", async () => {
    const caller = callerFor(env.services, owner);
    expect((await caller.workflows.list({ search: 'mine 3' })).items.map((w) => w.name)).toEqual(['Mine 3']);
    expect((await caller.workflows.list({ search: '%' })).items).toEqual([]);
    expect((await caller.workflows.list({ status: 'active' })).items).toEqual([]);
    expect((await callerFor(env.services, admin).workflows.list({ limit: 100 })).items.map((w) => w.name)).toContain(
      'Theirs',
    );
  });

  it('refuses a cursor it did not give out', async () => {
    await expect(callerFor(env.services, owner).workflows.list({ cursor: 'bm9wZQ' })).rejects.toThrow(/page cursor/);
  });

  it("creates a draft as version 1, refuses an invalid spec listing its problems, and hides others' workflows", async () => {
    const caller = callerFor(env.services, owner);
    const created = await caller.workflows.create({ name: 'Fresh', spec: spec('x') });
    expect(created).toMatchObject({
      status: 'draft',
      triggerType: 'manual',
      ownerId: owner.id,
      llmPromptVersion: null,
    });
    expect((await caller.workflows.versions({ workflowId: created.id })).map((v) => [v.version, v.source])).toEqual([
      [1, 'editor'],
    ]);
    const error = await caller.workflows
      .create({ name: 'Broken', spec: { trigger: { type: 'manual' }, nodes: [], edges: [] } })
      .catch((e) => e);
    expect(error.message).toMatch(/problem/);
    expect(error.cause.details.problems[0]).toMatchObject({ path: 'nodes' });
    await expect(callerFor(env.services, other).workflows.get({ workflowId: created.id })).rejects.toThrow(
      /No such workflow/,
    );
  });

  it('deletes a workflow with its schedule and runs', async () => {
    const caller = callerFor(env.services, owner);
    const cron = await caller.workflows.create({
      name: 'Nightly',
      spec: spec('n', { type: 'cron', cron: '0 2 * * *' }),
    });
    await caller.workflows.activate({ workflowId: cron.id });
    await expect(
      env.services.temporal.client.schedule.getHandle(scheduleIdFor(cron.id)).describe(),
    ).resolves.toBeTruthy();
    await expect(callerFor(env.services, other).workflows.delete({ workflowId: cron.id })).rejects.toThrow(
      /No such workflow/,
    );
    await caller.workflows.delete({ workflowId: cron.id });
    await expect(
      env.services.temporal.client.schedule.getHandle(scheduleIdFor(cron.id)).describe(),
    ).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await env.services.models.Workflow.findByPk(cron.id)).toBeNull();
    expect(
      await env.services.models.AuditLog.count({ where: { action: 'workflow.delete', resourceId: cron.id } }),
    ).toBe(1);
  });
});

describe('runs.list', () => {
  it("lists the runs of one's own workflows, newest first, and filters them", async () => {
    const caller = callerFor(env.services, owner);
    const { id } = await caller.workflows.create({ name: 'Runner', spec: spec('r') });
    await caller.workflows.activate({ workflowId: id });
    const first = await caller.runs.start({ workflowId: id, input: {} });
    const second = await caller.runs.start({ workflowId: id, input: {} });
    const page = await caller.runs.list({ workflowId: id, limit: 1 });
    expect(page.items.map((r) => r.id)).toEqual([second.id]);
    expect(page.items[0]).toMatchObject({ workflowName: 'Runner', trigger: 'manual' });
    expect(
      (await caller.runs.list({ workflowId: id, limit: 1, cursor: page.nextCursor })).items.map((r) => r.id),
    ).toEqual([first.id]);
    expect((await callerFor(env.services, other).runs.list({ workflowId: id })).items).toEqual([]);
    expect((await callerFor(env.services, admin).runs.list({ workflowId: id })).items).toHaveLength(2);
  });
});

describe('workflows.setAgentTool', () => {
  const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] };

  it('offers a workflow to agents with its input schema, and stops', async () => {
    const caller = callerFor(env.services, owner);
    const { id } = await caller.workflows.create({ name: 'For agents', spec: spec('a') });
    expect(await caller.workflows.get({ workflowId: id })).toMatchObject({ agentTool: false, agentInputSchema: null });
    await caller.workflows.setAgentTool({ workflowId: id, enabled: true, inputSchema: schema });
    expect(await caller.workflows.get({ workflowId: id })).toMatchObject({ agentTool: true, agentInputSchema: schema });
    await caller.workflows.setAgentTool({ workflowId: id, enabled: false });
    expect(await caller.workflows.get({ workflowId: id })).toMatchObject({ agentTool: false, agentInputSchema: null });
  });

  it('takes a property named "pattern", which is a name and no regular expression', async () => {
    const caller = callerFor(env.services, owner);
    const { id } = await caller.workflows.create({ name: 'Named pattern', spec: spec('p') });
    const inputSchema = { type: 'object', properties: { pattern: { type: 'string', enum: ['pattern'] } } };
    await caller.workflows.setAgentTool({ workflowId: id, enabled: true, inputSchema });
    expect(await caller.workflows.get({ workflowId: id })).toMatchObject({ agentInputSchema: inputSchema });
  });

  it.each([
    ['a list', [], /must be a JSON Schema object/],
    ['a schema of a string', { type: 'string' }, /"type": "object" at its top/],
    ['an unknown type', { type: 'object', properties: { a: { type: 'strin' } } }, /not valid JSON Schema: .*type/],
    ['a reference elsewhere', { type: 'object', properties: { a: { $ref: 'https://example.com/s' } } }, /resolve/],
    ['a pattern', { type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' } } }, /regular expressions/],
    ['pattern properties', { type: 'object', patternProperties: { '^x': { type: 'string' } } }, /regular expressions/],
  ])('refuses %s as the input schema, saying why, and changes nothing', async (_, inputSchema, message) => {
    const caller = callerFor(env.services, owner);
    const { id } = await caller.workflows.create({ name: 'Badly declared', spec: spec('b') });
    const error: any = await caller.workflows
      .setAgentTool({ workflowId: id, enabled: true, inputSchema })
      .catch((e) => e);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(message);
    expect(await caller.workflows.get({ workflowId: id })).toMatchObject({ agentTool: false });
  });
});
