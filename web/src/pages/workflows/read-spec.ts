import { workflowSpecSchema, type WorkflowSpec } from '../../../../core/spec/spec.schema';

/**
 * The API types stored specs as unknown. They were validated when saved, but one saved before a
 * change of the spec language may not read as today's spec: callers then show it as JSON only.
 */
export function readSpec(value: unknown): WorkflowSpec | null {
  const parsed = workflowSpecSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
