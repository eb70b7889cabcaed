// Temporal's own floor, bundled into the sandbox by testing/bench/temporal-floor.ts: a workflow of
// `n` sequential no-op activities, regular or local. Sandbox code: imports @temporalio/workflow only.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';

interface FloorActivities {
  noop(i: number): Promise<number>;
}

const regular = proxyActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });
const local = proxyLocalActivities<FloorActivities>({ startToCloseTimeout: '10 seconds' });

export async function floorActivities(n: number): Promise<number> {
  for (let i = 0; i < n; i++) await regular.noop(i);
  return n;
}

export async function floorLocalActivities(n: number): Promise<number> {
  for (let i = 0; i < n; i++) await local.noop(i);
  return n;
}
