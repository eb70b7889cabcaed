import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { callerFor } from '../../testing/caller';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { reconcileSchedules, scheduleIdFor } from './schedules';

let env: RunEnvironment;
let owner: User;

const cronSpec = (cron: string): WorkflowSpec => ({
  trigger: { type: 'cron', cron, timezone: 'Europe/Paris' },
  nodes: [{ id: 'tick', type: 'transform', name: 'Tick', config: { fields: [{ name: 'at', value: '{{ run.id }}' }] } }],
  edges: [],
});

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
});
afterAll(() => env?.close());

const describeSchedule = (workflowId: string) =>
  env.services.temporal.client.schedule.getHandle(scheduleIdFor(workflowId)).describe();
const newWorkflow = (spec: WorkflowSpec) =>
  env.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'cron',
    specJson: spec,
    llmPromptVersion: null,
    status: 'draft',
  });

describe('cron workflows and Temporal Schedules', () => {
  it('creates the schedule on activation, updates it with the spec, deletes it on archive', async () => {
    const workflow = await newWorkflow(cronSpec('0 9 * * 1-5'));
    const caller = callerFor(env.services, owner);
    await expect(describeSchedule(workflow.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);

    await caller.workflows.activate({ workflowId: workflow.id });
    let schedule = await describeSchedule(workflow.id);
    expect(schedule.spec.timezone).toBe('Europe/Paris');
    expect(JSON.stringify(schedule.spec)).toMatch(/"hour":\[\{"start":9/);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'runSpec',
      taskQueue: env.services.config.TEMPORAL_TASK_QUEUE,
    });

    await caller.workflows.updateSpec({ workflowId: workflow.id, spec: cronSpec('30 18 * * *') });
    schedule = await describeSchedule(workflow.id);
    expect(JSON.stringify(schedule.spec)).toMatch(/"hour":\[\{"start":18/);

    await caller.workflows.archive({ workflowId: workflow.id });
    await expect(describeSchedule(workflow.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it("maps settings.overlap to the Schedule's overlap policy, on create and on update", async () => {
    const workflow = await newWorkflow(cronSpec('0 9 * * 1-5'));
    const caller = callerFor(env.services, owner);
    await caller.workflows.activate({ workflowId: workflow.id });
    // No setting: SKIP, as every Schedule had before the setting existed.
    expect((await describeSchedule(workflow.id)).policies.overlap).toBe('SKIP');
    for (const [overlap, policy] of [
      ['buffer_one', 'BUFFER_ONE'],
      ['allow', 'ALLOW_ALL'],
      ['skip', 'SKIP'],
    ] as const) {
      await caller.workflows.updateSpec({
        workflowId: workflow.id,
        spec: { ...cronSpec('0 9 * * 1-5'), settings: { overlap } },
      });
      const schedule = await describeSchedule(workflow.id);
      expect(schedule.policies).toMatchObject({ overlap: policy, catchupWindow: 60_000 });
    }
    await caller.workflows.archive({ workflowId: workflow.id });

    // Created with the setting, too.
    const buffered = await newWorkflow({ ...cronSpec('0 9 * * 1-5'), settings: { overlap: 'buffer_one' } });
    await caller.workflows.activate({ workflowId: buffered.id });
    expect((await describeSchedule(buffered.id)).policies.overlap).toBe('BUFFER_ONE');
    await caller.workflows.archive({ workflowId: buffered.id });
  });

  it('refuses to activate an invalid cron, and changes nothing', async () => {
    const workflow = await newWorkflow(cronSpec('0 9 * *'));
    await expect(callerFor(env.services, owner).workflows.activate({ workflowId: workflow.id })).rejects.toThrow(
      /problem/,
    );
    await workflow.reload();
    expect(workflow.status).toBe('draft');
    await expect(describeSchedule(workflow.id)).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('a scheduled run creates its own run row, once, and completes', async () => {
    const workflow = await newWorkflow(cronSpec('0 0 1 1 *'));
    await callerFor(env.services, owner).workflows.activate({ workflowId: workflow.id });
    await env.services.temporal.client.schedule.getHandle(scheduleIdFor(workflow.id)).trigger();
    let run = null;
    for (let i = 0; i < 100 && !run?.finishedAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await env.services.models.WorkflowRun.findOne({ where: { workflowId: workflow.id } });
    }
    expect(run).toMatchObject({
      runStatus: 'success',
      runTrigger: 'schedule',
      temporalWorkflowId: expect.stringMatching(new RegExp(`^cron-${workflow.id}`)),
    });
    expect(run!.specSnapshot).toEqual(workflow.specJson);
    expect(await env.services.models.WorkflowRun.count({ where: { workflowId: workflow.id } })).toBe(1);
  });

  it('reconciles at start: missing schedules are created and stray ones removed', async () => {
    const workflow = await newWorkflow(cronSpec('15 * * * *'));
    await workflow.update({ status: 'active' }); // behind Temporal's back, as after a restore
    const stray = 'cron-00000000-0000-4000-8000-00000000dead';
    const foreign = 'cron-00000000-0000-4000-8000-0000000f0e19';
    for (const [scheduleId, taskQueue] of [
      [stray, env.services.config.TEMPORAL_TASK_QUEUE],
      [foreign, 'another-installation'],
    ] as const) {
      await env.services.temporal.client.schedule.create({
        scheduleId,
        spec: { cronExpressions: ['0 0 * * *'] },
        action: { type: 'startWorkflow', workflowType: 'runSpec', taskQueue, args: [] },
        memo: { taskQueue },
      });
    }
    const { removed } = await reconcileSchedules(env.services);
    expect(removed).toBe(1);
    await expect(describeSchedule(workflow.id)).resolves.toBeTruthy();
    await expect(env.services.temporal.client.schedule.getHandle(stray).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    // Another installation's Schedule on the same namespace is left alone.
    await expect(env.services.temporal.client.schedule.getHandle(foreign).describe()).resolves.toBeTruthy();
    await env.services.temporal.client.schedule.getHandle(foreign).delete();
  });
});
