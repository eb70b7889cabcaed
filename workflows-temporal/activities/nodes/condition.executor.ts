import type { ConditionConfig } from '../../../core/spec/node-configs';
import type { NodeContext, NodeRunResult } from '../node-context';

/** Evaluates the expression; its truthiness picks the "true" or "false" branch. */
export async function runCondition(config: ConditionConfig, { templates, log }: NodeContext): Promise<NodeRunResult> {
  const value = templates.evaluate(config.expression, 'expression');
  const result = !(
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
  const branch = result ? 'true' : 'false';
  log(`expression was ${result}; taking the "${branch}" branch`);
  return { output: { result, branch }, branch };
}
