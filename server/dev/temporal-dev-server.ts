import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../../core/config/paths';
import { spawnService, stopProcess, waitUntil } from './child-process';
import { launchService, type Supervision } from './supervised-process';

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

interface Options {
  port: number;
  /** Web UI port; null runs the server headless. */
  uiPort: number | null;
  namespace: string;
  /** SQLite file that keeps state across restarts; null keeps everything in memory (tests). */
  dbFile: string | null;
  logDir: string;
  /** Restart the server when it dies (a development session); started once without it. */
  supervision?: Supervision;
}

/** True when a Temporal frontend answers at `address`. */
export async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.withDeadline(Date.now() + 2000, () => connection.workflowService.getSystemInfo({}));
    return true;
  } finally {
    await connection.close();
  }
}

/**
 * The official Temporal dev server (`temporal server start-dev`), from the CLI binary that
 * server/dev/bootstrap.mjs fetched. Reuses a server already answering on the port; only a server
 * started here is supervised.
 */
export async function startTemporalDevServer({
  port,
  uiPort,
  namespace,
  dbFile,
  logDir,
  supervision,
}: Options): Promise<RunningTemporal> {
  const address = `127.0.0.1:${port}`;
  const uiUrl = uiPort === null ? null : `http://127.0.0.1:${uiPort}`;
  if (await temporalAnswers(address).catch(() => false)) return { address, uiUrl, stop: async () => undefined };
  if (!existsSync(temporalCliPath)) {
    throw new Error(
      `The Temporal CLI is missing at ${temporalCliPath}; run \`node server/dev/bootstrap.mjs dev\` to fetch it.`,
    );
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
  ];
  args.push(...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (dbFile)
    args.push('--db-filename', dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  else args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  const logFile = join(logDir, `temporal-${port}.log`);
  const stopServer = (child: ChildProcess) => stopProcess(child, 'SIGTERM', 15_000);
  const stop = await launchService(
    {
      name: 'Temporal dev server',
      // Every (re)start uses the same port and --db-filename, so a restarted server keeps its state.
      launch: async () => {
        const child = spawnService(temporalCliPath, args, logFile);
        await waitUntil('Temporal dev server', () => temporalAnswers(address), child, 60_000, logFile).catch(
          async (error) => {
            await stopServer(child);
            throw error;
          },
        );
        return child;
      },
      stop: stopServer,
    },
    supervision,
  );
  return { address, uiUrl, stop };
}
