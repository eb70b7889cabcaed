import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { AppServices } from '../../server/app-services';
import { executionMs } from './history-times';
import { cpuBetween, readCpu } from './process-cpu';
import { warmUp } from './warm-up';

// What Temporal alone costs on the bench's own server and machine: workflows of N sequential
// no-op activities (regular, then local), on a worker of their own in this process, measured as
// the product is: one caller's latency, and completed workflows/s with `callers` closed-loop callers.

const workflowsPath = fileURLToPath(new URL('./floor-workflows.ts', import.meta.url));

export interface FloorFigures {
  kind: 'activities' | 'local activities';
  /** One caller, sequential: each workflow's start to result, client side. */
  latencies: number[];
  /** The same workflows' execution started → completed, from their histories (server side). */
  executions: number[];
  /** Completed workflows per second with the bench's callers. */
  perSecond: number;
  /** CPU ms per workflow in those closed-loop rounds: the dev server, and this process (client and worker). */
  cpu: { temporal: number; client: number };
}

export async function measureFloor(
  services: AppServices,
  {
    activities,
    callers,
    perCaller,
    sequential,
    warmup,
  }: Record<'activities' | 'callers' | 'perCaller' | 'sequential' | 'warmup', number>,
): Promise<FloorFigures[]> {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = services.config;
  const taskQueue = `floor-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath,
    activities: { noop: async (i: number) => i },
  });
  const running = worker.run();
  try {
    const figures: FloorFigures[] = [];
    for (const [kind, type] of [
      ['activities', 'floorActivities'],
      ['local activities', 'floorLocalActivities'],
    ] as const) {
      const ids: string[] = [];
      const one = async () => {
        const workflowId = `floor-${randomUUID()}`;
        ids.push(workflowId);
        const t0 = performance.now();
        await services.temporal.client.workflow.execute(type, { taskQueue, workflowId, args: [activities] });
        return performance.now() - t0;
      };
      await warmUp(warmup, one);
      ids.length = 0;
      const latencies: number[] = [];
      for (let i = 0; i < sequential; i++) latencies.push(await one());
      const executions: number[] = [];
      for (const id of ids)
        executions.push(executionMs(await services.temporal.client.workflow.getHandle(id).fetchHistory()));
      const before = readCpu();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: callers }, async () => {
          for (let i = 0; i < perCaller; i++) await one();
        }),
      );
      const perSecond = (callers * perCaller) / ((performance.now() - t0) / 1000);
      const spent = cpuBetween(before, readCpu());
      const per = (name: string) => (spent.get(name) ?? 0) / (callers * perCaller);
      figures.push({
        kind,
        latencies,
        executions,
        perSecond,
        cpu: { temporal: per('temporal'), client: per('bench') },
      });
    }
    return figures;
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
