import type { ChildProcess } from 'node:child_process';
import { RestartPolicy } from './restart-policy';

export interface Supervision {
  /** Progress lines: exits, restarts, giving up. */
  log: (message: string) => void;
  /** Called when the policy gives up on the process (after the reason has been logged). */
  onGiveUp: () => void;
  policy?: RestartPolicy;
  /** Once aborted (the session is shutting down), an exit is final and nothing is restarted. */
  signal?: AbortSignal;
}

export interface SupervisedOptions extends Supervision {
  name: string;
  /** Starts the process; resolves once it is ready for use, rejects (leaving nothing running) when not. */
  launch: () => Promise<ChildProcess>;
  /** Stops the process for good. */
  stop: (child: ChildProcess) => Promise<void>;
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`);
const exitOf = (code: number | null, signal: NodeJS.Signals | null) =>
  signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;

/**
 * Keeps one child process running: when it exits on its own, restarts it after the policy's
 * backoff and says so; when the policy gives up, says that and calls `onGiveUp`. Stopping it (or
 * aborting `signal`) never leads to a restart.
 */
export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Launches and deliberate restarts run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly policy: RestartPolicy;

  private constructor(private readonly options: SupervisedOptions) {
    this.policy = options.policy ?? new RestartPolicy();
    options.signal?.addEventListener('abort', () => this.cancelRestart(), { once: true });
  }

  /** Launches the process and supervises it; rejects when the first launch fails. */
  static async start(options: SupervisedOptions): Promise<SupervisedProcess> {
    const supervised = new SupervisedProcess(options);
    await supervised.serially(() => supervised.launch());
    return supervised;
  }

  /** The running process's id, if one runs now. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Restarts the process on purpose (its sources changed): not a crash, so the backoff starts over. */
  restart(reason: string): Promise<void> {
    return this.serially(async () => {
      if (this.final()) return;
      this.cancelRestart();
      this.policy.reset();
      this.options.log(`${this.options.name}: ${reason}; restarting`);
      const child = this.child;
      this.child = null; // its exit is ours, not a crash
      if (child) await this.options.stop(child);
      await this.relaunch();
    });
  }

  /** Stops the process for good; nothing is restarted after this call. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelRestart();
    await this.queue;
    const child = this.child;
    this.child = null;
    if (child) await this.options.stop(child);
  }

  private final(): boolean {
    return this.stopped || this.options.signal?.aborted === true;
  }

  private cancelRestart() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async launch(): Promise<void> {
    const child = await this.options.launch();
    this.child = child;
    this.startedAt = Date.now();
    if (child.exitCode !== null || child.signalCode !== null) this.exited(child, child.exitCode, child.signalCode);
    else child.once('exit', (code, signal) => this.exited(child, code, signal));
  }

  /** A launch after a crash or a deliberate stop; a failed one counts as another crash. */
  private async relaunch(): Promise<void> {
    try {
      await this.launch();
    } catch (error) {
      if (!this.final()) this.crashed(`did not start again (${(error as Error).message})`, 0);
    }
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null) {
    if (child !== this.child || this.final()) return;
    this.child = null;
    const uptimeMs = Date.now() - this.startedAt;
    this.crashed(`exited (${exitOf(code, signal)}) after ${duration(uptimeMs)}`, uptimeMs);
  }

  private crashed(what: string, uptimeMs: number) {
    const { name, log } = this.options;
    const decision = this.policy.afterCrash(uptimeMs);
    if (!decision.restart) {
      const { stableAfterMs } = this.policy.options;
      log(
        `${name} ${what}; it crashed ${decision.crashes} times in a row, each within ${duration(stableAfterMs)} of starting: not restarting it again`,
      );
      this.options.onGiveUp();
      return;
    }
    log(
      `${name} ${what}; restarting in ${duration(decision.delayMs)} (attempt ${decision.attempt} of ${this.policy.options.maxRestarts})`,
    );
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.serially(async () => {
        if (this.final() || this.child) return;
        await this.relaunch();
        if (this.child) log(`${name} restarted`);
      });
    }, decision.delayMs);
  }
}

/**
 * Launches a service's process, supervised when `supervision` is given (a development session),
 * once otherwise (tests, scripts). Resolves, once it is ready, to the function that stops it.
 */
export async function launchService(
  service: Pick<SupervisedOptions, 'name' | 'launch' | 'stop'>,
  supervision?: Supervision,
): Promise<() => Promise<void>> {
  if (supervision) {
    const supervised = await SupervisedProcess.start({ ...service, ...supervision });
    return () => supervised.stop();
  }
  const child = await service.launch();
  return () => service.stop(child);
}
