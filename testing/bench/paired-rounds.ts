import { table } from '../report-table';
import type { History } from '../history-steps';
import type { StandaloneStack } from '../standalone-stack';
import { executionMs, firstPickupMs } from './history-times';
import { cpuBetween, totalCpu } from './process-cpu';
import { median, ms } from './stats';
import type { Floor } from './temporal-floor';
import { closedLoopRound } from './webhook-bench';
import { closedLoop } from './webhook-load';
import { runHandle, type WebhookShape } from './webhook-shape';

// The product beside Temporal's floor in alternating rounds. The shared machine's speed drifts by
// a fifth or more within minutes, and it has slow spells; measured side by side, a drift falls on
// both halves of a pair, so the pairs' ratios agree more closely than the absolute figures.

/** `pairs` pairs of a product round and a floor round, swapping which goes first in each pair. */
async function alternate<T>(pairs: number, product: () => Promise<T>, floor: () => Promise<T>) {
  const measured: Array<{ product: T; floor: T }> = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      const first = await product();
      measured.push({ product: first, floor: await floor() });
    } else {
      const first = await floor();
      measured.push({ product: await product(), floor: first });
    }
  }
  return measured;
}

const ratioRow = (ratios: number[]): [string, string] => [
  'product ÷ floor, median of the pairs (lowest – highest)',
  `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)} – ${Math.max(...ratios).toFixed(2)})`,
];

/** The most callers' closed loop, and the floor's (local activities) with as many callers. */
export async function pairedThroughputSection(
  stack: StandaloneStack,
  shape: WebhookShape,
  floor: Floor,
  { callers, perCaller, pairs }: Record<'callers' | 'perCaller' | 'pairs', number>,
): Promise<string> {
  const measured = await alternate(
    pairs,
    async () => {
      const round = await closedLoopRound(stack, shape, callers, perCaller);
      const spent = totalCpu(cpuBetween(round.before, round.after));
      return { perSecond: round.perSecond, cpuMs: spent / round.deliveries.length };
    },
    async () => {
      const round = await floor.closedLoop('local activities', callers, perCaller);
      return { perSecond: round.perSecond, cpuMs: round.cpu.temporal + round.cpu.client };
    },
  );
  const ratios = measured.map((p) => p.product.perSecond / p.floor.perSecond);
  return table(
    `Product and floor in alternating rounds: ${callers} caller(s) × ${perCaller} each, the floor's workflows of ${floor.activities} local activities`,
    [
      ...measured.flatMap((p, i): Array<[string, string]> => [
        [
          `pair ${i + 1}: product runs/s / floor workflows/s (product ÷ floor)`,
          `${p.product.perSecond.toFixed(1)} / ${p.floor.perSecond.toFixed(1)} (${ratios[i]!.toFixed(2)})`,
        ],
        [
          `pair ${i + 1}: CPU per run / per workflow (all processes / temporal and this process)`,
          `${ms(p.product.cpuMs)} / ${ms(p.floor.cpuMs)}`,
        ],
      ]),
      ratioRow(ratios),
    ],
  );
}

/** Medians over `histories`: execution started → completed, and → its first workflow task started. */
const latencies = (histories: History[]) => ({
  execution: median(histories.map(executionMs)),
  pickup: median(histories.map(firstPickupMs)),
});

/**
 * One caller's runs and the floor's workflows, `runs` of each a round, timed alike from their
 * Temporal histories. In the machine's slow spells a new execution's first workflow task waits two
 * or three times as long for its worker; a pair shows whether the floor's waits as long.
 */
export async function pairedLatencySection(
  stack: StandaloneStack,
  shape: WebhookShape,
  floor: Floor,
  { runs, pairs }: Record<'runs' | 'pairs', number>,
): Promise<string> {
  const measured = await alternate(
    pairs,
    async () => {
      const histories: History[] = [];
      for (const { runId } of await closedLoop(shape, 1, runs))
        histories.push(await runHandle(stack, runId).fetchHistory());
      return latencies(histories);
    },
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < runs; i++) await floor.one('local activities', ids);
      const histories: History[] = [];
      for (const id of ids) histories.push(await floor.history(id));
      return latencies(histories);
    },
  );
  const ratios = measured.map((p) => p.product.execution / p.floor.execution);
  return table(
    `One caller, product and floor in alternating rounds: ${runs} each, execution started → completed in their histories`,
    [
      ...measured.flatMap((p, i): Array<[string, string]> => [
        [
          `pair ${i + 1}: execution p50, product / floor (product ÷ floor)`,
          `${ms(p.product.execution)} / ${ms(p.floor.execution)} (${ratios[i]!.toFixed(2)})`,
        ],
        [
          `pair ${i + 1}: first workflow task taken after, p50, product / floor`,
          `${ms(p.product.pickup)} / ${ms(p.floor.pickup)}`,
        ],
      ]),
      ratioRow(ratios),
    ],
  );
}
