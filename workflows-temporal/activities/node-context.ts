import type { AppConfig } from '../../core/config/env.schema';
import type { Models } from '../../core/db/models';
import type { NodeTemplates } from './nodes/render';
import type { OutboundPolicy } from '../../core/connectors/outbound/safe-fetch';

/** What the worker gives activities: real clients in production, real local servers in tests. */
export interface ActivityDeps {
  models: Models;
  /** `encryptionKeysOf(config)`: the current key, then APP_ENCRYPTION_KEYS_PREVIOUS, to decrypt connector secrets. */
  encryptionKeys: readonly string[];
  outbound: OutboundPolicy;
  llm: Pick<AppConfig, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'LLM_MODEL'>;
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
}

export interface NodeRunResult {
  output: unknown;
  branch?: string | null;
}
