import type { RetryConfig } from './retry.schema';

// Apart from the schema: the interpreter's workflow code reads this, and loading zod in Temporal's
// sandbox would build its schemas again for every run a worker starts.

/** What a node gets when its config says nothing about retries. */
export const defaultRetry: RetryConfig = { maximumAttempts: 3, initialIntervalSeconds: 1, backoffCoefficient: 2 };
