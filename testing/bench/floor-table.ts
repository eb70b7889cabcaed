import { table } from '../report-table';
import type { Breakdown } from './node-breakdown';
import { median, ms } from './stats';
import type { FloorFigures } from './temporal-floor';
import type { ClosedLoopFigures } from './webhook-bench';

/**
 * The product next to Temporal's floor, like with like: latency as execution started → completed
 * in the Temporal histories (one caller), throughput as completed workflows/s with the same callers.
 */
export function floorTable(
  breakdown: Breakdown,
  oneCaller: ClosedLoopFigures,
  busiest: ClosedLoopFigures,
  floor: FloorFigures[],
): string {
  const latency = breakdown.execution;
  return table(
    `Temporal's floor on the same server: workflows of ${breakdown.activities} sequential no-op activities, regular or local (as many steps as one run takes)`,
    [
      [`product, ${oneCaller.callers} caller(s): execution started → completed, p50`, ms(latency)],
      [`product, ${oneCaller.callers} caller(s): run created_at → finished_at, p50`, ms(median(oneCaller.latencies))],
      [`product, ${busiest.callers} caller(s): completed runs/s`, busiest.perSecond.toFixed(1)],
      ...floor.flatMap((f): Array<[string, string]> => [
        [
          `${f.kind}, 1 caller: execution started → completed, p50 (product ÷ floor)`,
          `${ms(median(f.executions))} (${(latency / median(f.executions)).toFixed(1)}×)`,
        ],
        [`${f.kind}, 1 caller: client start → result, p50`, ms(median(f.latencies))],
        [
          `${f.kind}, ${busiest.callers} caller(s): workflows/s (floor ÷ product)`,
          `${f.perSecond.toFixed(1)} (${(f.perSecond / busiest.perSecond).toFixed(1)}×)`,
        ],
        [
          `${f.kind}, ${busiest.callers} caller(s): CPU per workflow, temporal / this process (client, worker)`,
          `${ms(f.cpu.temporal)} / ${ms(f.cpu.client)}`,
        ],
      ]),
    ],
  );
}
