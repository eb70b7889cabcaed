import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../../core/db/models';
import { callerFor } from '../../../testing/caller';
import { migratedTestDatabase, type MigratedDatabase } from '../../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../../testing/test-server';
import { sessionCookieFrom, trpcMutation, trpcQuery } from '../../../testing/trpc-http';
import { createOwner } from '../../../testing/fixtures';
import { createApiToken } from '../../auth/api-tokens.service';

let db: MigratedDatabase;
let server: TestServer;
let admin: User;
let member: User;

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url));
  admin = await createOwner(server.services.models, 'boss@example.com');
  await admin.update({ role: 'admin' });
  member = await createOwner(server.services.models, 'member@example.com');
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const meWithToken = (token: string) =>
  fetch(`${server.baseUrl}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });

describe('users (admin)', () => {
  it('is refused to members and to the signed out', async () => {
    await expect(callerFor(server.services, member).users.list()).rejects.toThrow(/Only an admin/);
    await expect(callerFor(server.services, null).users.list()).rejects.toThrow(/not signed in/);
  });

  it('creates accounts with a bcrypt hash, refusing duplicates and short or over-long passwords', async () => {
    const caller = callerFor(server.services, admin);
    const created = await caller.users.create({
      name: 'New',
      email: 'New.Person@Example.com',
      password: 'a long passphrase',
      role: 'member',
    });
    expect(created).toMatchObject({ email: 'new.person@example.com', role: 'member', disabledAt: null });
    expect(JSON.stringify(created)).not.toMatch(/passphrase|\$2/);
    await expect(
      caller.users.create({ name: 'Dup', email: 'new.person@example.com', password: 'a long passphrase' }),
    ).rejects.toThrow(/already exists/);
    await expect(caller.users.create({ name: 'Short', email: 's@example.com', password: 'short' })).rejects.toThrow(
      /at least 12/,
    );
    await expect(
      caller.users.create({ name: 'Long', email: 'l@example.com', password: 'é'.repeat(40) }),
    ).rejects.toThrow(/72 bytes/);
    expect((await caller.users.list()).map((u) => u.email)).toContain('new.person@example.com');
  });

  it('changes roles but never removes the last admin', async () => {
    const caller = callerFor(server.services, admin);
    await expect(caller.users.changeRole({ userId: admin.id, role: 'member' })).rejects.toThrow(/last active admin/);
    expect(await caller.users.changeRole({ userId: member.id, role: 'admin' })).toMatchObject({ role: 'admin' });
    expect(await caller.users.changeRole({ userId: member.id, role: 'member' })).toMatchObject({ role: 'member' });
    expect(
      await server.services.models.AuditLog.count({ where: { action: 'user.change_role', resourceId: member.id } }),
    ).toBe(2);
  });

  it('disables an account: its sessions end, its tokens are revoked, it cannot sign in; enabling restores sign-in', async () => {
    const user = await callerFor(server.services, admin).users.create({
      name: 'Temp',
      email: 'temp@example.com',
      password: 'temp passphrase 1',
    });
    const login = () =>
      trpcMutation(server.baseUrl, 'auth.login', { email: 'temp@example.com', password: 'temp passphrase 1' });
    const cookie = sessionCookieFrom((await login()).headers)!;
    expect((await trpcQuery(server.baseUrl, 'auth.me', { cookie })).status).toBe(200);
    const row = await server.services.models.User.findByPk(user.id, { rejectOnEmpty: true });
    const { token, apiToken } = await createApiToken(server.services.models, row, { name: 'script' });
    expect((await meWithToken(token)).status).toBe(200);

    await callerFor(server.services, admin).users.setDisabled({ userId: user.id, disabled: true });
    expect((await trpcQuery(server.baseUrl, 'auth.me', { cookie })).status).toBe(401);
    expect((await meWithToken(token)).status).toBe(401);
    const refused = await login();
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/disabled/);
    const { models } = server.services;
    expect((await models.ApiToken.findByPk(apiToken.id, { rejectOnEmpty: true })).revokedAt).not.toBeNull();
    const disableEntry = await models.AuditLog.findOne({ where: { action: 'user.disable', resourceId: user.id } });
    expect(disableEntry).toMatchObject({ actorId: admin.id, details: { sessionsEnded: 1, apiTokensRevoked: 1 } });
    const revokeEntry = await models.AuditLog.findOne({
      where: { action: 'api_token.revoke', resourceId: apiToken.id },
    });
    expect(revokeEntry).toMatchObject({ actorId: admin.id, details: { name: 'script', reason: 'user.disable' } });

    // Enabling restores sign-in, not the old token: a program needs a new one.
    await callerFor(server.services, admin).users.setDisabled({ userId: user.id, disabled: false });
    expect((await login()).status).toBe(200);
    expect((await meWithToken(token)).status).toBe(401);
    const fresh = await createApiToken(models, await row.reload(), { name: 'script again' });
    expect((await meWithToken(fresh.token)).status).toBe(200);
    await expect(
      callerFor(server.services, admin).users.setDisabled({ userId: admin.id, disabled: true }),
    ).rejects.toThrow(/your own account/);
  });
});

describe('auditLogs.list', () => {
  it('shows members their own entries and admins everything, filtered and paged', async () => {
    const entries = await callerFor(server.services, member).auditLogs.list({});
    expect(entries.items.every((e) => e.actorId === member.id)).toBe(true);
    const all = await callerFor(server.services, admin).auditLogs.list({ action: 'user.create', limit: 1 });
    expect(all.items).toHaveLength(1);
    expect(all.items[0]).toMatchObject({ action: 'user.create', actorId: admin.id, resourceType: 'user' });
    const next = await callerFor(server.services, admin).auditLogs.list({
      action: 'user.create',
      limit: 1,
      cursor: all.nextCursor,
    });
    expect(next.items[0]!.id).not.toBe(all.items[0]!.id);
    expect(JSON.stringify((await callerFor(server.services, admin).auditLogs.list({ limit: 100 })).items)).not.toMatch(
      /passphrase/,
    );
  });

  it('narrows to a time range: since inclusive, until exclusive', async () => {
    const [newest] = (await callerFor(server.services, admin).auditLogs.list({ limit: 1 })).items;
    const at = newest!.createdAt;
    const upTo = await callerFor(server.services, admin).auditLogs.list({ until: at, limit: 100 });
    expect(upTo.items.map((e) => e.id)).not.toContain(newest!.id);
    expect(upTo.items.every((e) => e.createdAt < at)).toBe(true);
    const from = await callerFor(server.services, admin).auditLogs.list({
      since: at,
      until: new Date(Date.parse(at) + 1),
      limit: 100,
    });
    expect(from.items.map((e) => e.id)).toContain(newest!.id);
  });
});
