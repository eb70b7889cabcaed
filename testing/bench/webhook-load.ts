import { QueryTypes } from 'sequelize';
import type { AppServices } from '../../server/app-services';
import { callerWaitSeconds, type Delivery, type WebhookShape } from './webhook-shape';
import { sideBySide } from './side-by-side';

/** A run as PostgreSQL recorded it, times in epoch ms (server side: arrival and end). */
export interface RunTimes {
  id: string;
  status: string;
  createdMs: number;
  finishedMs: number | null;
}

export async function runTimes({ sequelize }: AppServices, ids: string[]): Promise<RunTimes[]> {
  if (ids.length === 0) return [];
  return sequelize
    .query<RunTimes>(
      `SELECT id, run_status AS status,
            extract(epoch FROM created_at) * 1000 AS "createdMs",
            extract(epoch FROM finished_at) * 1000 AS "finishedMs"
       FROM workflow_runs WHERE id IN (:ids)`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    )
    .then((rows) =>
      rows.map((r) => ({
        ...r,
        createdMs: Number(r.createdMs),
        finishedMs: r.finishedMs === null ? null : Number(r.finishedMs),
      })),
    );
}

/**
 * One delivery whose caller waits for its run: it asks the webhook to answer when the run ends
 * (`?wait=`), and waits on Temporal only when not.
 */
export async function deliverAndWait(shape: WebhookShape): Promise<Delivery> {
  const delivery = await shape.deliver(callerWaitSeconds);
  if (!delivery.ended) await shape.awaitRun(delivery.runId);
  return delivery;
}

/** `callers` callers, each sending `perCaller` deliveries, the next once its run has finished. */
export async function closedLoop(shape: WebhookShape, callers: number, perCaller: number): Promise<Delivery[]> {
  const deliveries: Delivery[] = [];
  await sideBySide(callers, async (going) => {
    for (let i = 0; i < perCaller && going(); i++) deliveries.push(await deliverAndWait(shape));
  });
  return deliveries;
}

export interface OpenLoopResult {
  deliveries: Delivery[];
  refused: number;
  /** Epoch ms of the first send and of the end of the sending window. */
  windowStartMs: number;
  windowEndMs: number;
  /** Runs accepted but not finished, sampled once a second while sending: a backlog that grows shows here. */
  backlog: number[];
}

/** Sends `rate` deliveries a second for `seconds` without waiting for runs (nor for 202s before the next send). */
export async function openLoop(
  services: AppServices,
  shape: WebhookShape,
  rate: number,
  seconds: number,
): Promise<OpenLoopResult> {
  const deliveries: Delivery[] = [];
  let refused = 0;
  const sends: Array<Promise<void>> = [];
  const backlog: number[] = [];
  const windowStartMs = Date.now();
  const total = rate * seconds;
  const sampler = setInterval(() => {
    const ids = deliveries.map((d) => d.runId);
    void runTimes(services, ids).then((rows) => backlog.push(rows.filter((r) => r.finishedMs === null).length));
  }, 1000);
  for (let i = 0; i < total; i++) {
    // Each send at its slot on the schedule, so a slow 202 does not lower the offered rate.
    const due = windowStartMs + (i * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sends.push(
      shape.deliver().then(
        (delivery) => void deliveries.push(delivery),
        () => void (refused += 1),
      ),
    );
  }
  const windowEndMs = Math.max(Date.now(), windowStartMs + seconds * 1000);
  await Promise.all(sends);
  clearInterval(sampler);
  return { deliveries, refused, windowStartMs, windowEndMs, backlog };
}

/** Waits until every run in `ids` has finished, or `timeoutMs` passed; the runs left unfinished. */
export async function drain(services: AppServices, ids: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = (await runTimes(services, ids)).filter((r) => r.finishedMs === null).length;
    if (open === 0 || Date.now() > deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
