import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { AppServices } from '../../server/app-services';
import { executionMs } from './history-times';
import { cpuBetween, readCpu } from './process-cpu';
import { warmUp } from './warm-up';
import { sideBySide } from './side-by-side';

// What Temporal alone costs on the bench's own server and machine: workflows of N sequential
// no-op activities (regular, then local), on a worker of their own in this process, measured as
// the product is: one caller's latency, and completed workflows/s with `callers` closed-loop callers.

const workflowsPath = fileURLToPath(new URL('./floor-workflows.ts', import.meta.url));

const workflowTypes = { activities: 'floorActivities', 'local activities': 'floorLocalActivities' } as const;
export type FloorKind = keyof typeof workflowTypes;

export interface FloorRound {
  /** Completed workflows per second. */
  perSecond: number;
  /** CPU ms per workflow: the dev server, and this process (client and worker). */
  cpu: { temporal: number; client: number };
}

export interface FloorFigures extends FloorRound {
  kind: FloorKind;
  /** One caller, sequential: each workflow's start to result, client side. */
  latencies: number[];
  /** The same workflows' execution started → completed, from their histories (server side). */
  executions: number[];
}

export type Floor = Awaited<ReturnType<typeof startFloor>>;

/** The floor's worker, polling a task queue of its own until `stop`, and its workflows of `activities` steps. */
export async function startFloor(services: AppServices, activities: number) {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } = services.config;
  const taskQueue = `floor-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath,
    activities: { noop: async (i: number) => i },
  }).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  const running = worker.run();

  /** One workflow of `kind`, start to result, in ms; its id goes to `ids` when given. */
  const one = async (kind: FloorKind, ids?: string[]) => {
    const workflowId = `floor-${randomUUID()}`;
    ids?.push(workflowId);
    const t0 = performance.now();
    await services.temporal.client.workflow.execute(workflowTypes[kind], { taskQueue, workflowId, args: [activities] });
    return performance.now() - t0;
  };

  return {
    activities,
    one,
    /** A floor workflow's history, by the id `one` gave it. */
    history: (workflowId: string) => services.temporal.client.workflow.getHandle(workflowId).fetchHistory(),
    /** `callers` callers, each starting `perCaller` workflows, the next once its last has completed. */
    async closedLoop(kind: FloorKind, callers: number, perCaller: number): Promise<FloorRound> {
      const before = readCpu();
      const t0 = performance.now();
      await sideBySide(callers, async (going) => {
        for (let i = 0; i < perCaller && going(); i++) await one(kind);
      });
      const perSecond = (callers * perCaller) / ((performance.now() - t0) / 1000);
      const spent = cpuBetween(before, readCpu());
      const per = (name: string) => (spent.get(name) ?? 0) / (callers * perCaller);
      return { perSecond, cpu: { temporal: per('temporal'), client: per('bench') } };
    },
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Each kind warmed up, then one caller's sequential latencies, then the closed loop. */
export async function measureFloor(
  floor: Floor,
  { callers, perCaller, sequential, warmup }: Record<'callers' | 'perCaller' | 'sequential' | 'warmup', number>,
): Promise<FloorFigures[]> {
  const figures: FloorFigures[] = [];
  for (const kind of Object.keys(workflowTypes) as FloorKind[]) {
    await warmUp(warmup, () => floor.one(kind));
    const ids: string[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i++) latencies.push(await floor.one(kind, ids));
    const executions: number[] = [];
    for (const id of ids) executions.push(executionMs(await floor.history(id)));
    figures.push({ kind, latencies, executions, ...(await floor.closedLoop(kind, callers, perCaller)) });
  }
  return figures;
}
