import { z } from 'zod';

/** A node's retry policy override; bounded so no node ever retries forever. */
export const retrySchema = z
  .object({
    maximumAttempts: z.number().int().min(1).max(10).describe('Attempts in all, the first included (1 = no retry)'),
    initialIntervalSeconds: z.number().min(0.1).max(3600).describe('Wait before the first retry'),
    backoffCoefficient: z.number().min(1).max(10).describe('Each wait is the previous one times this'),
  })
  .strict();
export type RetryConfig = z.infer<typeof retrySchema>;
