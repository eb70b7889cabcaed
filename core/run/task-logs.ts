import { withStorableText } from '../db/storable';
import type { SampleSource, TestEffect } from './test-plan';

/** `tasks.logs`: what was done, the error, and the bounded output. */
export interface TaskLogs {
  entries?: Array<{ at: string; level: 'info' | 'warn' | 'error'; message: string }>;
  output?: unknown;
  outputTruncated?: boolean;
  error?: { message: string; type: string; retryable: boolean };
  /** The branch a finished node took, so an attempt repeated after a crash can answer without running. */
  branch?: string | null;
  /** A loop's: how many items its list had when it froze it (its item rows exist from then on). */
  itemCount?: number;
  /** A loop item's row: the item, as the list held it when the loop started. */
  item?: unknown;
  /** A test run's: what a real run would have done outside the run here (test-plan.ts). */
  effect?: TestEffect;
  /** A test run's: where the output of a node with outside effects came from. */
  sample?: { source: SampleSource; fromRunId?: string };
  /** A test run's: each `{{ expression }}` that rendered nothing (null or ""), with its field (`subject: {{ trigger.name }}`). */
  emptyTemplates?: string[];
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

/**
 * `logs` as PostgreSQL can store them: what a node brings back from elsewhere (an API's answer, an
 * error quoting one, a rendered approval question, a message cut mid-character) may hold a NUL or
 * an unpaired surrogate, which jsonb refuses, failing the write and retrying it for nothing. Each
 * such character becomes U+FFFD, and an entry says how many there were. Every write of a task's
 * logs goes through here.
 */
export function storableLogs(logs: TaskLogs): TaskLogs {
  const { value, replaced } = withStorableText(logs);
  if (replaced === 0) return logs;
  return withEntry(
    value as TaskLogs,
    'warn',
    `${replaced} character(s) PostgreSQL cannot store (NUL, unpaired surrogates) replaced with U+FFFD`,
  );
}
