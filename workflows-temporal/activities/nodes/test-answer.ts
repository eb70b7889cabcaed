import type { TestEffect } from '../../../core/run/test-plan';
import type { NodeContext, NodeRunResult } from '../node-context';

/** One line for the task's log: what the node would have done. */
function described(effect: TestEffect): string {
  switch (effect.kind) {
    case 'http_request':
      return `${effect.method} ${effect.url}`;
    case 'send_email':
      return `email "${effect.subject.slice(0, 80)}" to ${[...effect.to, ...effect.cc].join(', ')}`;
    case 'google_sheets':
      return effect.operation === 'append'
        ? `append ${effect.rows?.length ?? 0} row(s) to ${effect.range}`
        : `read ${effect.range}`;
    case 'llm':
      return `ask ${effect.model}`;
    case 'delay':
      return `wait ${effect.seconds} s`;
    case 'approval':
      return `ask for approval: ${effect.question.slice(0, 80)}`;
  }
}

/**
 * A test run's answer for a node with outside effects, instead of doing them: it reports the effect
 * the node would have had (`ctx.test`), and answers with its planned sample (test-plan.ts), else
 * with what the service would answer to that effect (`simulate`).
 */
export function sampleAnswer(ctx: NodeContext, effect: TestEffect, simulate: () => unknown): NodeRunResult {
  const test = ctx.test!;
  const planned = test.sample;
  test.effect = effect;
  ctx.log(`test run: would ${described(effect)}; not done, answered with a ${planned?.source ?? 'simulated'} sample`);
  if (!planned) {
    test.answeredWith = { source: 'simulated' };
    return { output: simulate() };
  }
  const { source, fromRunId } = planned;
  test.answeredWith = fromRunId ? { source, fromRunId } : { source };
  return { output: planned.output };
}
