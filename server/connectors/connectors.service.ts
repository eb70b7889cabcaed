import { Op, Sequelize, type WhereOptions } from 'sequelize';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { Connector, Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { connectorTypeSchema, type ConnectorType } from '../../core/connectors/connector-configs';
import {
  ConnectorSecretError,
  deleteConnectorSecret,
  writeConnectorSecret,
} from '../../core/connectors/connector-secret';
import {
  checkSettings,
  secretFieldNames,
  settingsWithChanges,
  storedSecret,
  type SettingsChanges,
} from './connector-settings';
import { toConnectorDto, type ConnectorDto } from './connector.dto';

// Connectors hold what workflow nodes need to reach a service. Their secrets are write-only: they
// are stored encrypted (connector-secret.ts) and no answer or audit row ever carries a value.

type Deps = Pick<AppServices, 'models' | 'config' | 'sequelize'>;

/**
 * A connector the user may act on: their own, or any for an admin. Someone else's answers the same
 * NOT_FOUND as a missing one, so ids cannot be probed.
 */
export async function findAccessibleConnector(models: Models, user: User, connectorId: string): Promise<Connector> {
  const row = await models.Connector.findByPk(connectorId);
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) throw new AppError('NOT_FOUND', 'No such connector.');
  return row;
}

/** The connectors the user may see (their own; everyone's for an admin), by name. */
export async function listConnectors(
  models: Models,
  user: User,
  filters: { ownerId: string | null; type: ConnectorType | null },
): Promise<Connector[]> {
  const where: WhereOptions<Connector>[] = [];
  if (user.role !== 'admin') where.push({ ownerId: user.id });
  if (filters.ownerId) where.push({ ownerId: filters.ownerId });
  if (filters.type) where.push({ type: filters.type });
  return models.Connector.findAll({
    where: { [Op.and]: where },
    order: [
      ['name', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

/** The connector with the names of its secret's fields, read by decrypting it (values stay here). */
export async function getConnector(deps: Deps, user: User, connectorId: string): Promise<ConnectorDto> {
  const row = await findAccessibleConnector(deps.models, user, connectorId);
  if (!row.secretsRef) return toConnectorDto(row, { fields: null, problem: null });
  const type = connectorTypeSchema.safeParse(row.type);
  if (!type.success)
    return toConnectorDto(row, { fields: null, problem: `this app does not know connector type "${row.type}"` });
  try {
    return toConnectorDto(row, { fields: secretFieldNames(await storedSecret(deps, row, type.data)), problem: null });
  } catch (error) {
    if (error instanceof ConnectorSecretError) return toConnectorDto(row, { fields: null, problem: error.message });
    throw error;
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 255)
    throw new AppError('BAD_REQUEST', 'A connector needs a name of 1 to 255 characters.');
  return trimmed;
}

/** A new connector of the user's; its secret, if any, is stored encrypted under the current key. */
export async function createConnector(
  deps: Deps,
  user: User,
  input: { name: string; type: ConnectorType; config: unknown; secret: unknown },
): Promise<ConnectorDto> {
  const name = checkedName(input.name);
  const { type, config, secret } = checkSettings(input.type, input.config, input.secret);
  const row = await deps.sequelize.transaction(async (transaction) => {
    const created = await deps.models.Connector.create({ ownerId: user.id, name, type, config }, { transaction });
    if (secret)
      await created.update(
        {
          secretsRef: await writeConnectorSecret(
            deps.models,
            deps.config.APP_ENCRYPTION_KEY,
            created,
            secret,
            transaction,
          ),
        },
        { transaction },
      );
    const details = { name, type, secretFields: secretFieldNames(secret) };
    await recordAudit(
      deps.models,
      { actorId: user.id, action: 'connector.create', resourceType: 'connector', resourceId: created.id, details },
      transaction,
    );
    return created;
  });
  return toConnectorDto(row, { fields: secretFieldNames(secret), problem: null });
}

/** Top-level config fields whose values differ: what an audit row may say about a config change. */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/**
 * Renames a connector and/or replaces its config or secret. An omitted secret keeps the stored
 * one, a null secret removes it; the type never changes (specs rely on it).
 */
export async function updateConnector(
  deps: Deps,
  user: User,
  input: { connectorId: string; name?: string | undefined } & SettingsChanges,
): Promise<ConnectorDto> {
  const row = await findAccessibleConnector(deps.models, user, input.connectorId);
  const name = input.name === undefined ? row.name : checkedName(input.name);
  const settings = await settingsWithChanges(deps, row, input);
  const secretChange = input.secret === undefined ? 'kept' : input.secret === null ? 'removed' : 'replaced';
  const details = {
    name,
    ...(name === row.name ? {} : { renamedFrom: row.name }),
    configFields: input.config === undefined ? [] : changedFields(row.config, settings.config),
    secret: secretChange,
    secretFields: secretFieldNames(settings.secret),
  };
  await deps.sequelize.transaction(async (transaction) => {
    if (secretChange === 'removed') {
      await deleteConnectorSecret(deps.models, row, transaction);
      row.secretsRef = null;
    }
    if (secretChange === 'replaced')
      row.secretsRef = await writeConnectorSecret(
        deps.models,
        deps.config.APP_ENCRYPTION_KEY,
        row,
        settings.secret!,
        transaction,
      );
    row.name = name;
    if (input.config !== undefined) row.config = settings.config;
    await row.save({ transaction });
    await recordAudit(
      deps.models,
      { actorId: user.id, action: 'connector.update', resourceType: 'connector', resourceId: row.id, details },
      transaction,
    );
  });
  return toConnectorDto(row, { fields: secretFieldNames(settings.secret), problem: null });
}

/** The workflows whose current spec names the connector in a node's config. */
function workflowsUsing(models: Models, connectorId: string) {
  return models.Workflow.findAll({
    // JSONB containment: some element of `nodes` has this config.connectorId.
    where: Sequelize.where(
      Sequelize.col('spec_json'),
      Op.contains,
      Sequelize.cast(JSON.stringify({ nodes: [{ config: { connectorId } }] }), 'jsonb'),
    ),
    attributes: ['id', 'name'],
    order: [['name', 'ASC']],
  });
}

/** Deletes a connector and its own secret, unless a workflow's spec still uses it. */
export async function deleteConnector(deps: Deps, user: User, connectorId: string): Promise<void> {
  const row = await findAccessibleConnector(deps.models, user, connectorId);
  const users = await workflowsUsing(deps.models, row.id);
  if (users.length > 0) {
    const names = users.map((w) => `"${w.name}"`).join(', ');
    const [these, specs] = users.length === 1 ? ['the workflow', 'its spec'] : ['the workflows', 'their specs'];
    throw new AppError(
      'CONFLICT',
      `Connector "${row.name}" is used by ${these} ${names}; remove it from ${specs} first.`,
      {
        workflows: users.map((w) => ({ id: w.id, name: w.name })),
      },
    );
  }
  await deps.sequelize.transaction(async (transaction) => {
    await deleteConnectorSecret(deps.models, row, transaction);
    await row.destroy({ transaction });
    await recordAudit(
      deps.models,
      {
        actorId: user.id,
        action: 'connector.delete',
        resourceType: 'connector',
        resourceId: row.id,
        details: { name: row.name, type: row.type },
      },
      transaction,
    );
  });
}
