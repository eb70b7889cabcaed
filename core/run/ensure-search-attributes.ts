import proto from '@temporalio/proto';
import type { Connection } from '@temporalio/client';
import { appSearchAttributeKeys } from './search-attributes';

// CommonJS package: its namespaces are reachable through the default import only under ESM.
const { IndexedValueType } = proto.temporal.api.enums.v1;

/**
 * Registers the app's search attributes on the namespace unless they exist. The same call works on
 * the dev server and on a production cluster (operator service), so there is one mechanism.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = appSearchAttributeKeys.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
  });
}
