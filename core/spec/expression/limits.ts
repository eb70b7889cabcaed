// Expressions come from people and LLMs and run inside workflow code; every kind of work they can
// cause is bounded so one bad template cannot stall a worker or exhaust its memory.

/** Bounds on parsing and evaluating one expression, template or `renderDeep` call. */
export interface ExpressionLimits {
  /** Longest expression source accepted, in characters. */
  maxSourceLength: number;
  /** Deepest nesting of syntax (parse) and of data walked by equality, JSON and `renderDeep`. */
  maxDepth: number;
  /** Evaluation steps: one per syntax node visited, one per collection item a function handles, one per 1,000 characters produced or scanned. */
  maxSteps: number;
  /** Longest string any operation may produce, in UTF-16 code units. */
  maxStringLength: number;
  /** Most items in any array or keys in any object an operation produces. */
  maxCollectionSize: number;
}

/** Limits used when none are given. */
export const defaultLimits: Readonly<ExpressionLimits> = Object.freeze({
  maxSourceLength: 4000,
  maxDepth: 64,
  maxSteps: 20_000,
  maxStringLength: 1_000_000,
  maxCollectionSize: 10_000,
});
