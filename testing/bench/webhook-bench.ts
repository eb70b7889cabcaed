import { table } from '../report-table';
import type { StandaloneStack } from '../standalone-stack';
import type { BenchOptions } from './bench-options';
import { cpuBetween, readCpu, totalCpu, type CpuReading } from './process-cpu';
import { median, ms, percentile, spread } from './stats';
import { closedLoop, drain, openLoop, runTimes } from './webhook-load';
import { callerWaitSeconds, type WebhookShape } from './webhook-shape';

/** CPU per run by process, and the total as a share of one core over `seconds`. */
function cpuRows(before: CpuReading, after: CpuReading, runs: number, seconds: number): Array<[string, string]> {
  const spent = cpuBetween(before, after);
  const total = totalCpu(spent);
  const names: Record<string, string> = { bench: 'this process (API, callers, target)', node: 'worker process' };
  return [
    [`CPU per run, all processes (${(total / 10 / seconds) | 0}% of one core)`, ms(total / runs)],
    ...[...spent]
      .sort((a, b) => b[1] - a[1])
      .map(([kind, value]): [string, string] => [`  ${names[kind] ?? kind}`, ms(value / runs)]),
  ];
}

export interface ClosedLoopFigures {
  callers: number;
  runIds: string[];
  perSecond: number;
  latencies: number[];
}

/**
 * N callers, each sending `perCaller` deliveries and waiting for each run before the next: what
 * they were answered, the runs as the database recorded them, completed runs/s between the first
 * run's arrival and the last one's end, and the CPU every process spent meanwhile.
 */
export async function closedLoopRound(stack: StandaloneStack, shape: WebhookShape, callers: number, perCaller: number) {
  const before = readCpu();
  const t0 = performance.now();
  const deliveries = await closedLoop(shape, callers, perCaller);
  const seconds = (performance.now() - t0) / 1000;
  const after = readCpu();
  const runs = await runTimes(
    stack.services,
    deliveries.map((d) => d.runId),
  );
  const done = runs.filter((r) => r.finishedMs !== null);
  const windowMs = Math.max(...done.map((r) => r.finishedMs!)) - Math.min(...runs.map((r) => r.createdMs));
  return { deliveries, runs, perSecond: done.length / (windowMs / 1000), before, after, seconds };
}

/** N callers, each waiting for its run before sending the next; figures from the database. */
export async function closedLoopSection(
  stack: StandaloneStack,
  shape: WebhookShape,
  callers: number,
  opts: BenchOptions,
) {
  const { deliveries, runs, perSecond, before, after, seconds } = await closedLoopRound(
    stack,
    shape,
    callers,
    opts.perCaller,
  );
  const latencies = runs.filter((r) => r.finishedMs !== null).map((r) => r.finishedMs! - r.createdMs);
  const figures: ClosedLoopFigures = {
    callers,
    runIds: deliveries.map((d) => d.runId),
    perSecond,
    latencies,
  };
  const text = table(`${callers} caller(s) waiting for their runs, ${deliveries.length} runs`, [
    ['completed runs/s (finished runs / first created_at → last finished_at)', figures.perSecond.toFixed(1)],
    ['end to end p50 / p95 / p99 (created_at → finished_at)', spread(latencies)],
    [
      `webhook answer with ?wait=${callerWaitSeconds}, at the run's end, p50 / p99 (client side)`,
      `${ms(median(deliveries.map((d) => d.answerMs)))} / ${ms(
        percentile(
          deliveries.map((d) => d.answerMs),
          99,
        ),
      )}`,
    ],
    ['answers that came before the run ended (202)', String(deliveries.filter((d) => !d.ended).length)],
    ['runs not succeeded', String(runs.filter((r) => r.status !== 'success').length)],
    ...cpuRows(before, after, deliveries.length, seconds),
  ]);
  return { text, figures };
}

/**
 * Deliveries at a fixed rate without waiting: does completion keep up, does a backlog grow? It
 * kept up when runs completed while sending at no less than 95% of the rate they were accepted:
 * slower, and the backlog grows for as long as the load lasts.
 */
export async function openLoopSection(stack: StandaloneStack, shape: WebhookShape, rate: number, opts: BenchOptions) {
  const before = readCpu();
  const result = await openLoop(stack.services, shape, rate, opts.seconds);
  const atEnd = await runTimes(
    stack.services,
    result.deliveries.map((d) => d.runId),
  );
  const drainStart = performance.now();
  const ids = result.deliveries.map((d) => d.runId);
  const unfinished = await drain(stack.services, ids, 120_000);
  const drainSeconds = (performance.now() - drainStart) / 1000;
  const after = readCpu(); // sending and draining: the CPU every accepted run cost
  const runs = await runTimes(stack.services, ids);
  const finishedInWindow = atEnd.filter((r) => r.finishedMs !== null && r.finishedMs <= result.windowEndMs).length;
  const lags = runs.filter((r) => r.finishedMs !== null).map((r) => r.finishedMs! - r.createdMs);
  const windowSeconds = (result.windowEndMs - result.windowStartMs) / 1000;
  const sent = rate * opts.seconds;
  const unfinishedAtEnd = atEnd.filter((r) => r.finishedMs === null).length;
  const keptUp = finishedInWindow >= 0.95 * result.deliveries.length;
  return table(`Open loop: ${rate} deliveries/s for ${opts.seconds} s, not waiting for runs`, [
    ['kept up (completed ≥ 95% of accepted per second, while sending)', keptUp ? 'yes' : 'no'],
    ['accepted (202) / sent', `${result.deliveries.length} / ${sent}`],
    ['accepted per second', (result.deliveries.length / windowSeconds).toFixed(1)],
    ['completed per second while sending (finished in the window)', (finishedInWindow / windowSeconds).toFixed(1)],
    ['backlog (accepted, not finished) each second', result.backlog.join(' ')],
    ['not finished at the end of sending', String(unfinishedAtEnd)],
    ['drained after sending in', `${drainSeconds.toFixed(1)} s`],
    [
      'left unfinished after 120 s / not succeeded',
      `${unfinished} / ${runs.filter((r) => r.status !== 'success').length}`,
    ],
    ['end to end p50 / p95 / p99 (created_at → finished_at)', spread(lags)],
    ['max lag (created_at → finished_at)', ms(Math.max(...lags))],
    [
      'webhook 202 p50 / p99 (client side)',
      `${ms(median(result.deliveries.map((d) => d.answerMs)))} / ${ms(
        percentile(
          result.deliveries.map((d) => d.answerMs),
          99,
        ),
      )}`,
    ],
    ...cpuRows(before, after, result.deliveries.length, windowSeconds + drainSeconds),
  ]);
}
