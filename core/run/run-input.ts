import { z } from 'zod';
import { storableJson } from '../db/storable';

/**
 * A run's input, however the run is started (runs.start, a webhook delivery, the web client's
 * Run now): a JSON object, which templates read as `trigger`, that PostgreSQL can store as sent.
 */
export const runInputSchema = storableJson.pipe(
  z.record(z.string(), z.unknown(), { error: 'must be a JSON object, such as {"customer": "ACME"}' }),
);
export type RunInput = z.infer<typeof runInputSchema>;

/**
 * A run's input from JSON text, as a webhook body or the Run now field holds it; empty text means
 * no input, `{}`, as an omitted `runs.start` input does. A refusal is a sentence about `subject`
 * ("The body", "The input") that names where the problem is.
 */
export function parseRunInput(text: string, subject: string): { input: RunInput } | { problem: string } {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return { problem: `${subject} is not valid JSON: ${(error as Error).message}.` };
  }
  const result = runInputSchema.safeParse(value);
  if (result.success) return { input: result.data };
  const [issue] = result.error.issues;
  const where = issue!.path.length ? ` at ${issue!.path.join('.')}` : '';
  return { problem: `${subject}${where} ${issue!.message}.` };
}
