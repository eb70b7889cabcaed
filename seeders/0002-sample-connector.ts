import type { Migration } from '../core/db/migrator';
import { initModels } from '../core/db/models';
import { demoAdmin } from './0001-demo-admin';

export const sampleConnector = {
  name: 'Sample HTTP API',
  type: 'http',
  // A public, credential-free JSON API so the sample works without secrets.
  config: {
    baseUrl: 'https://jsonplaceholder.typicode.com',
    headers: [{ name: 'Accept', value: 'application/json' }],
    auth: 'none',
  },
} as const;

export const up: Migration = async ({ context: { sequelize } }) => {
  const { User, Connector } = initModels(sequelize);
  const admin = await User.findOne({ where: { email: demoAdmin.email }, rejectOnEmpty: true });
  if (await Connector.findOne({ where: { ownerId: admin.id, name: sampleConnector.name } })) return;
  await Connector.create({
    ownerId: admin.id,
    name: sampleConnector.name,
    type: sampleConnector.type,
    config: { ...sampleConnector.config },
  });
};
