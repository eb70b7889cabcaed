import type { AppConfig } from '../core/config/env.schema';
import { spawnProgram, type ProgramProcess } from './program-process';

/**
 * The API's entry point (server/main.ts) as its own OS process on `config`'s services, serving
 * HTTP on `port`, with its own worker (API_WORKER), so a test can kill it outright; ready once that
 * worker polls, when the runs the API starts begin on it.
 */
export function spawnApiProcess(config: AppConfig, port: number): ProgramProcess & { baseUrl: string } {
  const api = spawnProgram('server/main.ts', config, "the API's worker polls", {
    PORT: String(port),
    PUBLIC_URL: config.PUBLIC_URL,
  });
  return { ...api, baseUrl: `http://127.0.0.1:${port}` };
}
