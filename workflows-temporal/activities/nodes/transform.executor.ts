import type { TransformConfig } from '../../../core/spec/node-configs';
import type { NodeContext, NodeRunResult } from '../node-context';

/** Builds the output object field by field from templates. */
export async function runTransform(config: TransformConfig, { templates }: NodeContext): Promise<NodeRunResult> {
  const output: Record<string, unknown> = {};
  for (const field of config.fields) output[field.name] = templates.render(field.value, `field ${field.name}`);
  return { output };
}
