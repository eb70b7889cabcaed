import type { z } from 'zod';
import type { AppServices } from '../app-services';
import type { Connector } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { encryptionKeysOf } from '../../core/secrets/secret-box';
import {
  connectorSchemas,
  connectorTypeSchema,
  type ConnectorConfig,
  type ConnectorSecret,
  type ConnectorType,
} from '../../core/connectors/connector-configs';
import { ConnectorSecretError, readConnectorSecret } from '../../core/connectors/connector-secret';

/** A connector's settings, checked for its type. */
export interface ConnectorSettings<T extends ConnectorType = ConnectorType> {
  type: T;
  config: ConnectorConfig<T>;
  secret: ConnectorSecret<T> | null;
}

/** Changes to a saved connector's settings: an omitted part stays, a null secret removes it. */
export interface SettingsChanges {
  config?: unknown;
  secret?: unknown;
}

type Deps = Pick<AppServices, 'models' | 'config'>;
type Problem = { path: string; message: string };

const problemsOf = (root: string, error: z.ZodError): Problem[] =>
  error.issues.map((issue) => ({ path: [root, ...issue.path.map(String)].join('.'), message: issue.message }));

/**
 * Parses config and secret for `type`, and checks that the secret holds what the config relies on.
 * BAD_REQUEST lists every problem as {path, message}, as spec validation does. Zod's messages
 * name fields and expectations, never the value given, so a secret is not echoed back.
 */
export function checkSettings<T extends ConnectorType>(
  type: T,
  config: unknown,
  secret: unknown,
): ConnectorSettings<T> {
  const schemas = connectorSchemas[type];
  const parsedConfig = schemas.config.safeParse(config);
  const parsedSecret = secret === null || secret === undefined ? null : schemas.secret.safeParse(secret);
  const problems: Problem[] = [];
  if (!parsedConfig.success) problems.push(...problemsOf('config', parsedConfig.error));
  if (parsedSecret && !parsedSecret.success) problems.push(...problemsOf('secret', parsedSecret.error));
  if (parsedConfig.success && (!parsedSecret || parsedSecret.success)) {
    const needs = (schemas.secretNeeds as (c: unknown) => Array<[string, string]>)(parsedConfig.data);
    const present = secretFieldNames(parsedSecret?.data ?? null) ?? [];
    for (const [field, why] of needs)
      if (!present.includes(field)) problems.push({ path: `secret.${field}`, message: `required: ${why}` });
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new AppError('BAD_REQUEST', `The ${type} connector's settings have ${problems.length} problem(s): ${list}.`, {
      problems,
    });
  }
  return { type, config: parsedConfig.data, secret: parsedSecret?.data ?? null } as ConnectorSettings<T>;
}

/** The names of a secret's fields that hold a value; null for no secret. */
export function secretFieldNames(secret: object | null): string[] | null {
  if (!secret) return null;
  return Object.entries(secret)
    .filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(([name]) => name);
}

/** The saved connector's type, when this version of the app knows it. */
function knownType(row: Connector): ConnectorType {
  const type = connectorTypeSchema.safeParse(row.type);
  if (!type.success)
    throw new AppError(
      'BAD_REQUEST',
      `Connector "${row.name}" has the type "${row.type}", which this app does not know.`,
    );
  return type.data;
}

/** The stored secret, decrypted with every configured key; a connector without one gives null. */
export function storedSecret<T extends ConnectorType>({ models, config }: Deps, row: Connector, type: T) {
  return readConnectorSecret(models, encryptionKeysOf(config), row, type);
}

/**
 * A saved connector's settings with `changes` applied, checked as a whole: a new config is checked
 * against the kept secret, so turning on bearer auth without a token is refused here, not at run time.
 */
export async function settingsWithChanges(
  deps: Deps,
  row: Connector,
  changes: SettingsChanges,
): Promise<ConnectorSettings> {
  const type = knownType(row);
  let secret = changes.secret;
  if (secret === undefined) {
    try {
      secret = await storedSecret(deps, row, type);
    } catch (error) {
      if (!(error instanceof ConnectorSecretError)) throw error;
      throw new AppError(
        'BAD_REQUEST',
        `${error.message[0]!.toUpperCase()}${error.message.slice(1)}; give the secret again.`,
        { problems: [{ path: 'secret', message: error.message }] },
      );
    }
  }
  return checkSettings(type, changes.config ?? row.config, secret);
}
