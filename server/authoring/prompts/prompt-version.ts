import type { NodeCatalogEntry } from '../../../core/spec/node-catalog';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import type { SpecProblem } from '../../../core/spec/validate-spec';

/** What a prompt is built from: the catalog, the person's connectors, the spec being changed. */
export interface PromptContext {
  catalog: readonly NodeCatalogEntry[];
  functions: ReadonlyArray<{ name: string; signature: string; description: string }>;
  /** Names, types and ids only: never a secret. */
  connectors: ReadonlyArray<{ id: string; name: string; type: string }>;
  currentSpec: WorkflowSpec | null;
  workflowName: string | null;
  /** Today's date, so "every Monday" and time zones are read against the right calendar. */
  today: string;
}

/**
 * A versioned authoring prompt. A new prompt is a new version with a new id; old versions stay,
 * because stored workflows and messages name the version that made them.
 */
export interface PromptVersion {
  id: string;
  system(context: PromptContext): string;
  /** The message sent back when a proposal fails validation. */
  repair(problems: readonly SpecProblem[]): string;
  /** The message sent back when an answer is not JSON of the expected shape. */
  malformed(reason: string): string;
}
