import { TRPCClientError } from '@trpc/client';

/** A problem the API found in a connector's settings, e.g. { path: 'secret.bearerToken', message: 'required: auth is bearer' }. */
export interface Problem {
  path: string;
  message: string;
}

/** The settings problems an error carries (the API lists every one, with its path); none for other errors. */
export function problemsOf(error: unknown): Problem[] {
  if (!(error instanceof TRPCClientError)) return [];
  const problems = (error.data as { details?: { problems?: unknown } } | undefined)?.details?.problems;
  return Array.isArray(problems)
    ? problems.filter((p): p is Problem => typeof p?.path === 'string' && typeof p?.message === 'string')
    : [];
}

/**
 * Each problem under the form field it belongs to ("config.headers.0.name" goes with
 * "config.headers"); those with no such field are returned apart, to be shown for the whole form.
 */
export function problemsByField(
  problems: Problem[],
  fieldKeys: string[],
): { byField: Record<string, string>; rest: Problem[] } {
  const byField: Record<string, string> = {};
  const rest: Problem[] = [];
  for (const problem of problems) {
    const key = fieldKeys.find((k) => problem.path === k || problem.path.startsWith(`${k}.`));
    if (key) byField[key] = byField[key] ? `${byField[key]} ${problem.message}` : problem.message;
    else rest.push(problem);
  }
  return { byField, rest };
}
