import { workflowSpecSchema, type WorkflowSpec } from '../../../../core/spec/spec.schema';
import type { SpecProblem } from '../../../../core/spec/validate-spec';

/** What a spec typed by hand reads as, checked in the browser before anything is sent. */
export type SpecText =
  | { kind: 'not-json'; problem: string }
  | { kind: 'not-spec'; value: unknown; problems: SpecProblem[] }
  | { kind: 'spec'; value: unknown; spec: WorkflowSpec };

/**
 * Reads the editor's text: JSON or not, and then whether it has the shape of a spec. Only the
 * shape is checked here (paths as the API writes them); the API judges the rest (graph,
 * connectors, templates) when it is saved.
 */
export function readSpecText(text: string): SpecText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'not-json', problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = workflowSpecSchema.safeParse(value);
  if (!parsed.success)
    return {
      kind: 'not-spec',
      value,
      problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  return { kind: 'spec', value, spec: parsed.data };
}

/** A spec as the editor shows it: indented two spaces, as people write JSON by hand. */
export const specToText = (spec: unknown) => JSON.stringify(spec, null, 2);

/** Whether two read specs say the same thing; saving one unchanged would only add an identical version. */
export const sameSpec = (a: WorkflowSpec, b: WorkflowSpec) => JSON.stringify(a) === JSON.stringify(b);

/** Where a new workflow starts: the smallest spec that runs, a manual trigger and one transform. */
export const exampleSpecText = specToText({
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'greet',
      type: 'transform',
      name: 'Greet',
      config: { fields: [{ name: 'message', value: 'Hello {{ trigger.name }}' }] },
    },
  ],
  edges: [],
});
