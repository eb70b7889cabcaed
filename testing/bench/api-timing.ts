import { performance } from 'node:perf_hooks';
import { trpcQuery } from '../trpc-http';
import type { ApiCase } from './api-cases';

/**
 * A function that makes the case's `i`-th call (its inputs cycled) as a browser would, a GET with
 * the session cookie, and answers its time in ms, response read and parsed; a failed call throws.
 */
export function timeCase(baseUrl: string, apiCase: ApiCase, cookie: string) {
  return async (i: number) => {
    const input = apiCase.inputs[i % apiCase.inputs.length];
    const began = performance.now();
    const response = await trpcQuery(baseUrl, `${apiCase.path}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      cookie,
    });
    const elapsed = performance.now() - began;
    if (response.status !== 200)
      throw new Error(`${apiCase.name}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
    return elapsed;
  };
}
