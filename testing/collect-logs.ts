import { redirectLogs } from '../core/logging/logger';

/**
 * The log lines written while `work` runs, for a test to read (as text: one readable line each
 * outside production). They still reach the test's own log too, which prints when it fails.
 */
export async function collectLogs<T>(work: () => Promise<T>): Promise<{ result: T; logs: string }> {
  const lines: string[] = [];
  const previous = redirectLogs((line) => {
    lines.push(line);
    previous(line);
  });
  try {
    return { result: await work(), logs: lines.join('') };
  } finally {
    redirectLogs(previous);
  }
}
