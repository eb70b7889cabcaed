import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalSignal, type ApprovalDecision } from '../../core/run/run-contract';
import type { TaskLogs } from '../../core/run/task-logs';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import {
  loadTasks,
  startRunEnvironment,
  startSpecRun,
  waitUntil,
  type RunEnvironment,
} from '../../testing/run-environment';
import { historySteps } from '../../testing/history-steps';

// The two node types the workflow runs itself: `delay` (a durable timer) and `approval` (a signal).
// The approval timeout is not tested here: its minimum is one minute on the suite's real dev server.

let env: RunEnvironment;

beforeAll(async () => {
  env = await startRunEnvironment();
});
afterAll(async () => {
  await env?.close();
});

const transform = (id: string, fields: Record<string, string>) =>
  ({
    id,
    type: 'transform',
    name: id,
    config: { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) },
  }) as const;

describe('the delay node', () => {
  it('waits on a durable timer: running during the wait, then success with waitedSeconds', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        { id: 'wait', type: 'delay', name: 'Wait', config: { seconds: 2 } },
        transform('after', { waited: '{{ nodes.wait.waitedSeconds }}' }),
      ],
      edges: [['wait', 'after']],
    };
    const { run, handle } = await startSpecRun(env.services, env.owner, spec);

    const during = await waitUntil('the delay task is running', async () => {
      const now = await loadTasks(env.services, run.id);
      return now.tasks.some((t) => t.nodeId === 'wait' && t.taskStatus === 'running') && now;
    });
    expect(during.logs('wait').entries!.at(-1)!.message).toBe('waiting 2 s on a durable timer');
    expect(during.task('after').taskStatus).toBe('pending');

    await handle.result();
    const { task, logs } = await loadTasks(env.services, run.id);
    expect(task('wait')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    expect(logs('wait').output).toEqual({ waitedSeconds: 2 });
    expect(task('wait').finishedAt!.getTime() - task('wait').startedAt!.getTime()).toBeGreaterThanOrEqual(1950);
    expect(logs('after').output).toEqual({ waited: 2 });

    // The wait is a Temporal timer in history, not a sleeping activity.
    const events = (await handle.fetchHistory()).events ?? [];
    const timers = events.flatMap((e) =>
      e.timerStartedEventAttributes ? [String(e.timerStartedEventAttributes.startToFireTimeout?.seconds)] : [],
    );
    expect(timers).toEqual(['2']);
    expect(events.filter((e) => e.timerFiredEventAttributes)).toHaveLength(1);
    const nodeSteps = historySteps({ events }).filter((step) => step.type === 'executeNode');
    expect(nodeSteps.map((step) => step.summary)).toEqual(['after']); // what the Web UI names it
  });
});

describe('the approval node', () => {
  const approvalSpec: WorkflowSpec = {
    trigger: { type: 'manual' },
    nodes: [
      transform('prepare', { total: '{{ trigger.amount + 50 }}' }),
      {
        id: 'approve',
        type: 'approval',
        name: 'Approve',
        config: {
          message: 'Pay {{ nodes.prepare.total }} EUR to {{ trigger.vendor }}?',
          timeoutMinutes: 60,
          onTimeout: 'reject',
        },
      },
      transform('pay', { approvedBy: '{{ nodes.approve.decidedBy }}', note: '{{ nodes.approve.comment }}' }),
      transform('tell_rejected', { reason: '{{ nodes.approve.comment }}' }),
    ],
    edges: [
      ['prepare', 'approve'],
      ['approve', 'pay'],
      ['approve', 'tell_rejected', 'rejected'],
    ],
  };

  /** Starts a run, waits until its approval asks its question, checks the wait, then decides. */
  async function decide(decision: Omit<ApprovalDecision, 'nodeId'>) {
    const startedAt = Date.now();
    const { run, handle } = await startSpecRun(env.services, env.owner, approvalSpec, { amount: 100, vendor: 'Acme' });
    const waiting = await waitUntil('the approval asks its question', async () => {
      const now = await loadTasks(env.services, run.id);
      const approval = now.tasks.find((t) => t.nodeId === 'approve');
      return (approval?.logs as TaskLogs | undefined)?.output !== undefined && now;
    });
    expect(waiting.task('approve').taskStatus).toBe('running');
    const asked = waiting.logs('approve').output as { question: string; deadline: string };
    expect(asked.question).toBe('Pay 150 EUR to Acme?');
    expect(new Date(asked.deadline).getTime()).toBeGreaterThanOrEqual(startedAt + 60 * 60_000 - 1000);
    expect(waiting.task('pay').taskStatus).toBe('pending');
    expect(waiting.task('tell_rejected').taskStatus).toBe('pending');

    await handle.signal(approvalSignal, { nodeId: 'approve', ...decision } satisfies ApprovalDecision);
    const result = await handle.result();
    await run.reload();
    return { run, result, ...(await loadTasks(env.services, run.id)) };
  }

  it('waits for the signal, then an approval runs the unlabelled edge and skips the rejected one', async () => {
    const { run, result, task, logs } = await decide({
      decision: 'approved',
      decidedBy: 'boss@example.com',
      comment: 'ok',
    });

    expect(result).toMatchObject({
      outcome: 'success',
      nodes: { prepare: 'success', approve: 'success', pay: 'success', tell_rejected: 'skipped' },
    });
    expect(run.runStatus).toBe('success');
    expect(task('approve')).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
    expect(logs('approve').output).toEqual({
      decision: 'approved',
      decidedBy: 'boss@example.com',
      comment: 'ok',
      timedOut: false,
    });
    expect(task('pay').taskStatus).toBe('success');
    expect(logs('pay').output).toEqual({ approvedBy: 'boss@example.com', note: 'ok' });
    expect(task('tell_rejected')).toMatchObject({ taskStatus: 'skipped', attemptCount: 0 });
    expect(logs('tell_rejected').entries!.at(-1)!.message).toMatch(/branch was not taken/);
  });

  it('takes the rejected branch when the approver rejects, and the run still succeeds', async () => {
    const { run, result, task, logs } = await decide({
      decision: 'rejected',
      decidedBy: 'cfo@example.com',
      comment: 'too much',
    });

    expect(result).toMatchObject({
      outcome: 'success',
      nodes: { approve: 'success', pay: 'skipped', tell_rejected: 'success' },
    });
    expect(run.runStatus).toBe('success');
    expect(logs('approve').output).toEqual({
      decision: 'rejected',
      decidedBy: 'cfo@example.com',
      comment: 'too much',
      timedOut: false,
    });
    expect(task('pay').taskStatus).toBe('skipped');
    expect(task('tell_rejected').taskStatus).toBe('success');
    expect(logs('tell_rejected').output).toEqual({ reason: 'too much' });
  });

  it('stores a question whose template renders a NUL with U+FFFD in its place', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'approve',
          type: 'approval',
          name: 'Approve',
          // The expression language decodes the \u escape: the rendered text holds a real NUL.
          config: { message: 'Pay {{ "\\u0000" }}?', timeoutMinutes: 60, onTimeout: 'reject' },
        },
      ],
      edges: [],
    };
    const { run, handle } = await startSpecRun(env.services, env.owner, spec, {});
    const waiting = await waitUntil('the approval asks its question', async () => {
      const now = await loadTasks(env.services, run.id);
      return (now.tasks[0]?.logs as TaskLogs | undefined)?.output !== undefined && now;
    });
    expect(waiting.logs('approve').output).toMatchObject({ question: 'Pay \uFFFD?' });
    await handle.cancel();
  });
});
