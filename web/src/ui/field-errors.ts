import { TRPCClientError } from '@trpc/client';

/**
 * The API's per-field messages for input that failed its schema, e.g. { email: ['Invalid email address'] },
 * so a form can show each beside its field; empty for any other error.
 */
export function fieldErrors(error: unknown): Record<string, string[]> {
  if (!(error instanceof TRPCClientError)) return {};
  const errors = (error.data as { fieldErrors?: Record<string, string[] | undefined> } | undefined)?.fieldErrors ?? {};
  return Object.fromEntries(
    Object.entries(errors).filter(
      (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0,
    ),
  );
}
