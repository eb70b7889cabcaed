import { Context } from '@temporalio/activity';

/**
 * Runs `work` while heartbeating every fifth of the activity's heartbeat timeout, so that Temporal
 * notices an attempt whose worker died after that timeout instead of after start-to-close. The SDK
 * throttles what reaches the server to one heartbeat per 80% of the timeout; beating more often
 * only keeps one pending for each throttle window. Work shorter than one interval never beats, so
 * quick nodes cost the server nothing. Without a heartbeat timeout, `work` runs as it is.
 */
export async function whileHeartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = Context.current();
  const timeoutMs = context.info.heartbeatTimeoutMs;
  if (!timeoutMs) return work();
  const timer = setInterval(() => context.heartbeat(), timeoutMs / 5);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
