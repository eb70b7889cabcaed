import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { AppServices } from '../app-services';
import type { Workflow } from '../../core/db/models';
import { appOwnerIdKey, appWorkflowIdKey } from '../../core/run/search-attributes';
import { runSpecWorkflowType, type RunSpecInput, type RunSpecWorkflow } from '../../core/run/run-contract';
import { runOverlap, type RunOverlap } from '../../core/spec/run-overlap';

/** One Temporal Schedule per cron workflow, named after it. */
export const scheduleIdFor = (workflowId: string) => `cron-${workflowId}`;

/** The spec's overlap setting as Temporal's policy for the runs the Schedule starts. */
export const scheduleOverlapPolicies: Record<RunOverlap, ScheduleOverlapPolicy> = {
  allow: 'ALLOW_ALL',
  skip: 'SKIP',
  buffer_one: 'BUFFER_ONE',
};

const wantsSchedule = (workflow: Workflow) => workflow.status === 'active' && workflow.specJson.trigger.type === 'cron';

function scheduleOptions(
  { config }: AppServices,
  workflow: Workflow,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<RunSpecWorkflow>> {
  const trigger = workflow.specJson.trigger as Extract<Workflow['specJson']['trigger'], { type: 'cron' }>;
  const input: RunSpecInput = {
    runId: null,
    workflowId: workflow.id,
    ownerId: workflow.ownerId,
    spec: workflow.specJson,
  };
  return {
    scheduleId: scheduleIdFor(workflow.id),
    spec: { cronExpressions: [trigger.cron], timezone: trigger.timezone },
    action: {
      type: 'startWorkflow',
      workflowType: runSpecWorkflowType,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      // Temporal appends the scheduled time, so each run gets its own readable id.
      workflowId: `cron-${workflow.id}`,
      args: [input],
      typedSearchAttributes: [
        { key: appWorkflowIdKey, value: workflow.id },
        { key: appOwnerIdKey, value: workflow.ownerId },
      ],
      memo: { workflowName: workflow.name, trigger: 'cron' },
    },
    // The spec's `settings.overlap`; without one SKIP, as before the setting existed (runOverlap
    // says why). A missed minute is not caught up hours later.
    policies: {
      overlap: scheduleOverlapPolicies[runOverlap(workflow.specJson, 'schedule')],
      catchupWindow: '1 minute',
    },
    // The task queue names the installation: reconciling removes only its own strays, never
    // the Schedules of another deployment (or test run) sharing the namespace.
    memo: { workflowName: workflow.name, taskQueue: config.TEMPORAL_TASK_QUEUE },
  };
}

/**
 * Makes Temporal agree with the database for one workflow: an active cron workflow has a Schedule
 * running its current spec; any other has none.
 */
export async function syncSchedule(
  services: AppServices,
  workflow: Workflow,
): Promise<'created' | 'updated' | 'deleted' | 'none'> {
  const handle = services.temporal.client.schedule.getHandle(scheduleIdFor(workflow.id));
  if (!wantsSchedule(workflow)) {
    try {
      await handle.delete();
      return 'deleted';
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return 'none';
      throw error;
    }
  }
  const options = scheduleOptions(services, workflow);
  try {
    await services.temporal.client.schedule.create(options);
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await handle.update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: options.policies,
    }));
    return 'updated';
  }
}

/** At start: every workflow's Schedule agrees with the database, and stray app Schedules go. */
export async function reconcileSchedules(services: AppServices): Promise<{ synced: number; removed: number }> {
  const workflows = (await services.models.Workflow.findAll({ where: { status: 'active' } })).filter(wantsSchedule);
  for (const workflow of workflows) await syncSchedule(services, workflow);
  const known = new Set(workflows.map((w) => scheduleIdFor(w.id)));
  let removed = 0;
  for await (const schedule of services.temporal.client.schedule.list()) {
    const ours = schedule.memo?.taskQueue === services.config.TEMPORAL_TASK_QUEUE;
    if (ours && schedule.scheduleId.startsWith('cron-') && !known.has(schedule.scheduleId)) {
      await services.temporal.client.schedule.getHandle(schedule.scheduleId).delete();
      removed++;
    }
  }
  return { synced: workflows.length, removed };
}
