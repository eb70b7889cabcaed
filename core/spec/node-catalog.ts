import { z } from 'zod';
import { expressionFunctions } from './expression';
import { nodeTypeDefinitions, nodeTypes } from './node-types';

/**
 * The node catalog, generated from the zod schemas: what the LLM prompt and the web editor show.
 * Never written by hand, so it cannot drift from what the validator and interpreter accept.
 */
export const nodeCatalog = nodeTypes.map((type) => {
  const definition = nodeTypeDefinitions[type];
  return {
    type,
    description: definition.description,
    connectorType: definition.connectorType,
    branches: definition.branches,
    canFail: definition.canFail,
    configSchema: z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }),
    outputSchema: z.toJSONSchema(definition.output, { unrepresentable: 'any' }),
  };
});
export type NodeCatalogEntry = (typeof nodeCatalog)[number];

/** The functions templates and expressions may call, for the same readers. */
export const templateFunctionCatalog = expressionFunctions;
