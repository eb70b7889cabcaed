import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, createOwner } from '../../testing/fixtures';
import { hashPassword } from '../../core/auth/password';
import type { User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { callerFor } from '../../testing/caller';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { signInOverHttp, trpcMutation, trpcQuery } from '../../testing/trpc-http';
import { decryptSecret, keyId, secretAad, storedKeyId } from '../../core/secrets/secret-box';
import { MAX_SECRET_BYTES } from './secret.dto';
import { createSecret } from './secrets.service';

let db: MigratedDatabase;
let server: TestServer;
let ada: User;
let bo: User;
let root: User;
const password = 'correct horse battery';
const models = () => server.services.models;

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url));
  ada = await models().User.create({
    name: 'Ada',
    email: 'ada@example.com',
    password: await hashPassword(password),
    role: 'member',
  });
  bo = await createOwner(models(), 'bo@example.com');
  root = await createOwner(models(), 'root@example.com');
  await root.update({ role: 'admin' });
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

/** A value no other test uses, so finding it anywhere is a leak of this one. */
const distinctValue = () => `sk_live_${randomUUID()}`;

describe('write-only values', () => {
  it('stores the value encrypted under the current key and never returns it, over HTTP', async () => {
    const cookie = await signInOverHttp(server.baseUrl, ada.email, password);
    const first = distinctValue();
    const second = distinctValue();
    const outputs: unknown[] = [];

    const created = await trpcMutation(
      server.baseUrl,
      'secrets.create',
      { name: 'stripe.key', value: first },
      { cookie },
    );
    expect(created.status).toBe(200);
    const dto = created.body.result.data;
    expect(Object.keys(dto).sort()).toEqual(['createdAt', 'id', 'name', 'ownerId', 'updatedAt']);
    expect(dto).toMatchObject({ name: 'stripe.key', ownerId: ada.id });
    outputs.push(created.body);

    const row = await models().Secret.findByPk(dto.id);
    expect(row!.encryptedPayload).not.toContain(first);
    expect(storedKeyId(row!.encryptedPayload)).toBe(keyId(server.services.config.APP_ENCRYPTION_KEY));
    expect(
      decryptSecret(row!.encryptedPayload, [server.services.config.APP_ENCRYPTION_KEY], secretAad(ada.id, dto.id)),
    ).toBe(first);

    const replaced = await trpcMutation(server.baseUrl, 'secrets.replace', { id: dto.id, value: second }, { cookie });
    expect(replaced.status).toBe(200);
    expect(replaced.body.result.data).toMatchObject({ id: dto.id, name: 'stripe.key', createdAt: dto.createdAt });
    expect(new Date(replaced.body.result.data.updatedAt).getTime()).toBeGreaterThan(new Date(dto.updatedAt).getTime());
    outputs.push(replaced.body);
    await row!.reload();
    expect(
      decryptSecret(row!.encryptedPayload, [server.services.config.APP_ENCRYPTION_KEY], secretAad(ada.id, dto.id)),
    ).toBe(second);

    const listed = await trpcQuery(server.baseUrl, `secrets.list?input=${encodeURIComponent('{}')}`, { cookie });
    expect(listed.body.result.data.items.map((s: { name: string }) => s.name)).toEqual(['stripe.key']);
    outputs.push(listed.body);

    const deleted = await trpcMutation(server.baseUrl, 'secrets.delete', { id: dto.id }, { cookie });
    expect(deleted.body.result.data).toEqual({ deleted: true });
    outputs.push(deleted.body);
    expect(await models().Secret.findByPk(dto.id)).toBeNull();

    const text = JSON.stringify(outputs);
    for (const value of [first, second, row!.encryptedPayload]) expect(text).not.toContain(value);

    const audit = await models().AuditLog.findAll({
      where: { resourceId: dto.id },
      order: [['createdAt', 'ASC']],
      raw: true,
    });
    expect(audit.map((a) => [a.action, a.actorId, a.resourceType, a.details])).toEqual([
      ['secret.create', ada.id, 'secret', { name: 'stripe.key' }],
      ['secret.replace', ada.id, 'secret', { name: 'stripe.key' }],
      ['secret.delete', ada.id, 'secret', { name: 'stripe.key' }],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(new RegExp(`${first}|${second}`));
  });

  it('refuses reserved and malformed names, and empty or oversized values, without echoing a value', async () => {
    const caller = callerFor(server.services, ada);
    const value = distinctValue();
    const refusals: Array<[string, string, RegExp]> = [
      [`webhook:${randomUUID()}`, value, /reserved for the app's own secrets/],
      ['connector:x', value, /reserved for the app's own secrets/],
      ['has space', value, /1 to 100 letters, digits/],
      ['a'.repeat(101), value, /1 to 100 letters, digits/],
      ['', value, /1 to 100 letters, digits/],
      ['fine', '', /cannot be empty/],
      ['fine', value.padEnd(MAX_SECRET_BYTES + 1, 'x'), /at most 64 KiB/],
    ];
    for (const [name, secretValue, message] of refusals) {
      const error = await caller.secrets.create({ name, value: secretValue }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toMatchObject({ code: 'BAD_REQUEST' });
      expect(JSON.stringify((error as Error).cause ?? null) + (error as Error).message, name).toMatch(message);
      expect(JSON.stringify(error) + (error as Error).message, name).not.toContain(value);
      // The service, called directly (activities and tests do), refuses in a sentence too.
      const direct = await createSecret(server.services, ada, { name, value: secretValue }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(direct).toBeInstanceOf(AppError);
      expect(direct, name).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
    }
    // The limit is in bytes: two-byte characters fill it at half the length.
    const atTheLimit = 'é'.repeat(MAX_SECRET_BYTES / 2);
    await expect(caller.secrets.create({ name: 'multibyte', value: atTheLimit })).resolves.toMatchObject({
      name: 'multibyte',
    });
    await expect(caller.secrets.create({ name: 'multibyte2', value: `${atTheLimit}é` })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await models().Secret.count({ where: { ownerId: ada.id, name: ['fine', 'multibyte2'] } })).toBe(0);
  });
});

describe('names and owners', () => {
  it('answers CONFLICT for a name the owner already has; another owner may use it', async () => {
    await callerFor(server.services, bo).secrets.create({ name: 'SMTP_PASSWORD', value: 'one' });
    await expect(
      callerFor(server.services, bo).secrets.create({ name: 'SMTP_PASSWORD', value: 'two' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'You already have a secret named "SMTP_PASSWORD"; replace its value, or choose another name.',
    });
    await expect(
      callerFor(server.services, ada).secrets.create({ name: 'SMTP_PASSWORD', value: 'three' }),
    ).resolves.toMatchObject({ ownerId: ada.id });
    expect(await models().AuditLog.count({ where: { action: 'secret.create', actorId: bo.id } })).toBe(1);
  });

  it('lets a member see and change only their own; an admin sees all, filters by owner, and changes any', async () => {
    const mine = await callerFor(server.services, ada).secrets.create({ name: `ada-${randomUUID()}`, value: 'a' });
    const theirs = await callerFor(server.services, bo).secrets.create({ name: `bo-${randomUUID()}`, value: 'b' });
    const asAda = callerFor(server.services, ada);
    const names = async (caller: ReturnType<typeof callerFor>, ownerId: string | null = null) =>
      (await caller.secrets.list({ ownerId, limit: 100 })).items.map((s) => s.name);

    expect(await names(asAda)).toContain(mine.name);
    expect(await names(asAda)).not.toContain(theirs.name);
    expect(await names(asAda, bo.id)).toEqual([]);
    await expect(asAda.secrets.replace({ id: theirs.id, value: 'mine now' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such secret.',
    });
    await expect(asAda.secrets.delete({ id: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await models().Secret.findByPk(theirs.id)).not.toBeNull();

    const asRoot = callerFor(server.services, root);
    expect(await names(asRoot)).toEqual(expect.arrayContaining([mine.name, theirs.name]));
    expect(await names(asRoot, bo.id)).not.toContain(mine.name);
    expect(await names(asRoot, bo.id)).toContain(theirs.name);
    await asRoot.secrets.replace({ id: theirs.id, value: 'rotated by an admin' });
    const row = await models().Secret.findByPk(theirs.id);
    // Still bound to its owner, so the owner's workflows keep reading it.
    expect(
      decryptSecret(row!.encryptedPayload, [server.services.config.APP_ENCRYPTION_KEY], secretAad(bo.id, theirs.id)),
    ).toBe('rotated by an admin');
    await asRoot.secrets.delete({ id: theirs.id });
    expect(
      await models().AuditLog.findAll({ where: { resourceId: theirs.id, actorId: root.id }, raw: true }),
    ).toHaveLength(2);
  });

  it('pages through the list, newest first', async () => {
    const owner = await createOwner(models(), `pages-${randomUUID()}@example.com`);
    const caller = callerFor(server.services, owner);
    for (const name of ['one', 'two', 'three']) await caller.secrets.create({ name, value: name });
    const first = await caller.secrets.list({ limit: 2 });
    const second = await caller.secrets.list({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((s) => s.name)).toEqual(['three', 'two', 'one']);
    expect(second.nextCursor).toBeNull();
  });
});

describe("the app's own rows and references", () => {
  it('neither lists nor changes webhook and connector secrets, even for an admin', async () => {
    const reserved = await Promise.all(
      [`webhook:${randomUUID()}`, `connector:${randomUUID()}`].map((name) =>
        models().Secret.create({ ownerId: ada.id, name, encryptedPayload: 'v1.x.y.z.w' }),
      ),
    );
    for (const user of [ada, root]) {
      const caller = callerFor(server.services, user);
      const listed = (await caller.secrets.list({ limit: 100 })).items.map((s) => s.id);
      for (const row of reserved) {
        expect(listed).not.toContain(row.id);
        await expect(caller.secrets.replace({ id: row.id, value: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(caller.secrets.delete({ id: row.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
    }
    for (const row of reserved) expect((await models().Secret.findByPk(row.id))!.encryptedPayload).toBe('v1.x.y.z.w');
  });

  it('refuses to delete a secret a connector takes its credentials from, naming the connector', async () => {
    const connector = await createConnector(
      models(),
      server.services.config.APP_ENCRYPTION_KEY,
      bo.id,
      'http',
      { baseUrl: 'https://api.example.com' },
      { bearerToken: 't' },
    );
    const caller = callerFor(server.services, bo);
    await expect(caller.secrets.delete({ id: connector.secretsRef! })).rejects.toMatchObject({
      code: 'CONFLICT',
      message:
        'The secret "http credentials" holds the credentials of connector "http connector"; give it another secret, or delete it, first.',
    });
    expect(await models().Secret.findByPk(connector.secretsRef!)).not.toBeNull();
    expect(
      await models().AuditLog.count({ where: { action: 'secret.delete', resourceId: connector.secretsRef! } }),
    ).toBe(0);
  });
});
