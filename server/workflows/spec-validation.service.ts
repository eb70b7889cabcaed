import { Op } from 'sequelize';
import type { Models } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { validateSpec, type ValidationResult } from '../../core/spec/validate-spec';
import { isUuid } from '../../core/db/uuid';

/** Validates a spec for its owner, against the connectors it names (whoever owns them). */
export async function validateSpecFor(models: Models, ownerId: string, spec: unknown): Promise<ValidationResult> {
  const nodes = (spec as { nodes?: unknown })?.nodes;
  const ids = Array.isArray(nodes)
    ? nodes.flatMap((n) => {
        const id = (n as { config?: { connectorId?: unknown } })?.config?.connectorId;
        return isUuid(id) ? [id] : [];
      })
    : [];
  const connectors = ids.length ? await models.Connector.findAll({ where: { id: { [Op.in]: ids } } }) : [];
  return validateSpec(spec, {
    ownerId,
    connectors: connectors.map((c) => ({ id: c.id, name: c.name, type: c.type, ownerId: c.ownerId })),
  });
}

/**
 * The spec, valid for its owner; otherwise BAD_REQUEST with every problem as {path, message}.
 * `action` ("running it") says what the problems stand in the way of.
 */
export async function requireValidSpec(
  models: Models,
  ownerId: string,
  spec: unknown,
  action?: string,
): Promise<WorkflowSpec> {
  const validation = await validateSpecFor(models, ownerId, spec);
  if (validation.ok) return validation.spec;
  const count = `${validation.problems.length} problem(s)`;
  const message = action ? `The workflow's spec has ${count}; fix them before ${action}.` : `The spec has ${count}.`;
  throw new AppError('BAD_REQUEST', message, { problems: validation.problems });
}
