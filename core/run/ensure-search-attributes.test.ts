import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { appSearchAttributeKeys } from './search-attributes';
import { ensureSearchAttributes } from './ensure-search-attributes';

let connection: Connection;
beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(() => connection.close());

it('registers the app search attributes as keywords, and is idempotent', async () => {
  await ensureSearchAttributes(connection, 'default');
  await ensureSearchAttributes(connection, 'default');
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
  for (const key of appSearchAttributeKeys) {
    expect(customAttributes?.[key.name], key.name).toBe(2); // INDEXED_VALUE_TYPE_KEYWORD
  }
});
