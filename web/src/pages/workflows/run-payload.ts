/** A run's input as typed: a JSON object, or why it is not one, in words a person can act on. */
export function parseRunPayload(text: string): { input: Record<string, unknown> } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (error) {
    return { problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: 'The input must be a JSON object, such as {"customer": "ACME"}.' };
  }
  return { input: value as Record<string, unknown> };
}
