/** `tasks.logs`: what was done, the error, and the bounded output. */
export interface TaskLogs {
  entries?: Array<{ at: string; level: 'info' | 'warn' | 'error'; message: string }>;
  output?: unknown;
  outputTruncated?: boolean;
  error?: { message: string; type: string; retryable: boolean };
}

const MAX_ENTRIES = 200;

/** A copy of `logs` with one more entry (a new object, so Sequelize sees the JSONB change). */
export function withEntry(
  logs: TaskLogs | null | undefined,
  level: 'info' | 'warn' | 'error',
  message: string,
): TaskLogs {
  const entries = [...(logs?.entries ?? []), { at: new Date().toISOString(), level, message: message.slice(0, 2000) }];
  return { ...logs, entries: entries.slice(-MAX_ENTRIES) };
}
