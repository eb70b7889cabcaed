import type { PlanSummary } from './query-plans';

/** Tables every signed-in request reads to check its session: reported once, not per procedure. */
const sessionTables = new Set(['sessions', 'users']);

const describe = (plan: PlanSummary) =>
  [
    (plan.scans.length ? [...new Set(plan.scans)].join(', ') : 'no table read') + (plan.sorts ? ' + sort' : ''),
    `${plan.executionMs.toFixed(2)} ms`,
    `${plan.buffers} buffers`,
  ].join(' · ');

/** Report rows for one procedure's plans: one per statement, the session check only when asked. */
export function planRows(name: string, plans: PlanSummary[], withSessionCheck: boolean): Array<[string, string]> {
  return plans
    .filter((plan) => withSessionCheck || !sessionTables.has(plan.table))
    .map((plan) => [
      sessionTables.has(plan.table) ? `every call: ${plan.table}` : `${name}: ${plan.table}`,
      describe(plan),
    ]);
}
