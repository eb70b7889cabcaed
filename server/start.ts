// `npm start`, for running the compiled build without Docker: applies the migrations, then runs
// the API and the worker (the programs of `npm run build`) side by side with their output here.
// SIGINT or SIGTERM stops both; when either ends by itself the other is stopped and `npm start`
// fails with its exit code, for a process manager to restart the pair.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../core/config/paths';
import { stopProcess } from './dev/child-process';

const program = (path: string) => join(repoRoot, 'dist', path);

function run(path: string): ChildProcess {
  return spawn(process.execPath, ['--enable-source-maps', program(path)], { stdio: 'inherit' });
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const migrated = await exitOf(run('server/migrate.js'));
if (migrated !== 0) process.exit(migrated);

const children = [run('server/main.js'), run('workflows-temporal/worker.js')];
let stopping = false;
async function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(children.map((child) => stopProcess(child)));
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll(0));
const first = await Promise.race(children.map(exitOf));
await stopAll(first === 0 ? 1 : first);
