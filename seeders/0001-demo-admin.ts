import { hashPassword } from '../core/auth/password';
import type { Migration } from '../core/db/migrator';
import { initModels } from '../core/db/models';

export const demoAdmin = { name: 'Demo Admin', email: 'admin@example.com', password: 'password123' } as const;

// Created only when missing: a changed password or role is never reset by a later seed.
export const up: Migration = async ({ context: { sequelize } }) => {
  const { User } = initModels(sequelize);
  if (await User.findOne({ where: { email: demoAdmin.email } })) return;
  await User.create({
    name: demoAdmin.name,
    email: demoAdmin.email,
    password: await hashPassword(demoAdmin.password),
    role: 'admin',
  });
};
