import type { AppConfig } from '../../core/config/env.schema';
import type { Models } from '../../core/db/models';
import type { NodeTemplates } from './nodes/render';
import type { OutboundPolicy } from '../../core/connectors/outbound/safe-fetch';
import type { PlannedSample, SampleSource, TestEffect } from '../../core/run/test-plan';

/** What the worker gives activities: real clients in production, real local servers in tests. */
export interface ActivityDeps {
  models: Models;
  /** `encryptionKeysOf(config)`: the current key, then APP_ENCRYPTION_KEYS_PREVIOUS, to decrypt connector secrets. */
  encryptionKeys: readonly string[];
  outbound: OutboundPolicy;
  llm: Pick<AppConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'LLM_MODEL'>;
  /** `PUBLIC_URL`: where people open the app, for the run links in failure alerts. */
  publicUrl: string;
}

/** What a node executor gets for one attempt. */
export interface NodeContext {
  deps: ActivityDeps;
  ownerId: string;
  /** The node's templates, rendered against the run's data within the node's size allowance. */
  templates: NodeTemplates;
  /** The same on every attempt of this node in this run, another in any other (`idempotency-key.ts`). */
  idempotencyKey: string;
  /** Adds a line to the task's logs (never a secret). */
  log(message: string): void;
  /** Set in a test run: the node must not act outside the run (`nodes/test-answer.ts`). */
  test: TestAttempt | null;
}

/**
 * A test run's attempt of a node: its planned sample (null: none planned), and, once the node has
 * rendered what it would do, that effect and where its answer came from, for the task's logs
 * (even when the answer fails the node: a pinned error response).
 */
export interface TestAttempt {
  sample: PlannedSample | null;
  effect?: TestEffect;
  answeredWith?: { source: SampleSource; fromRunId?: string };
}

export interface NodeRunResult {
  output: unknown;
  branch?: string | null;
}
