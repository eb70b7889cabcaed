import { table } from '../report-table';
import type { StandaloneStack } from '../standalone-stack';
import { cpuBetween } from './process-cpu';
import { median, ms } from './stats';
import type { Floor } from './temporal-floor';
import { closedLoopRound } from './webhook-bench';
import type { WebhookShape } from './webhook-shape';

interface Pair {
  product: { perSecond: number; cpuMs: number };
  floor: { perSecond: number; cpuMs: number };
}

/**
 * The product's closed loop and the floor's (local activities), in alternating rounds with the
 * same callers. The shared machine's speed drifts by a fifth or more within minutes; measured side
 * by side, a drift falls on both halves of a pair, so the pairs' ratios agree more closely than the
 * absolute figures. Each pair swaps which goes first.
 */
export async function pairedSection(
  stack: StandaloneStack,
  shape: WebhookShape,
  floor: Floor,
  { callers, perCaller, pairs }: Record<'callers' | 'perCaller' | 'pairs', number>,
): Promise<string> {
  const productRound = async () => {
    const round = await closedLoopRound(stack, shape, callers, perCaller);
    const spent = [...cpuBetween(round.before, round.after).values()].reduce((sum, v) => sum + v, 0);
    return { perSecond: round.perSecond, cpuMs: spent / round.deliveries.length };
  };
  const floorRound = async () => {
    const round = await floor.closedLoop('local activities', callers, perCaller);
    return { perSecond: round.perSecond, cpuMs: round.cpu.temporal + round.cpu.client };
  };
  const measured: Pair[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      const product = await productRound();
      measured.push({ product, floor: await floorRound() });
    } else {
      const floorFirst = await floorRound();
      measured.push({ product: await productRound(), floor: floorFirst });
    }
  }
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
      [
        'product ÷ floor, median of the pairs (lowest – highest)',
        `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)} – ${Math.max(...ratios).toFixed(2)})`,
      ],
    ],
  );
}
