import { Op } from 'sequelize';
import type { Models } from '../../core/db/models';
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
