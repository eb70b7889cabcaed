import type { TransformConfig } from '../../../core/spec/node-configs';
import type { NodeContext, NodeRunResult } from '../node-context';
import { render } from './render';

/** Builds the output object field by field from templates. */
export async function runTransform(config: TransformConfig, { scope }: NodeContext): Promise<NodeRunResult> {
  const output: Record<string, unknown> = {};
  for (const field of config.fields) output[field.name] = render(field.value, scope, `field ${field.name}`);
  return { output };
}
