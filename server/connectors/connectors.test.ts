import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { decryptSecret, encryptSecret, encryptionKeysOf, secretAad } from '../../core/secrets/secret-box';
import { callerFor } from '../../testing/caller';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../../testing/test-server';
import { sessionCookieFrom, trpcMutation, trpcQuery, type HttpCall } from '../../testing/trpc-http';
import { createOwner } from '../../testing/fixtures';

// The connectors API over real HTTP and through createCaller, on a real PostgreSQL: settings
// checked per type, secrets stored encrypted and never answered, ownership, audit, delete guard.

let db: MigratedDatabase;
let server: TestServer;
let owner: User;
let other: User;
let admin: User;
let cookie: string;

/** One secret value per type; none may ever appear in an answer or an audit row. */
const secretValues = {
  bearer: 'tok-3f9a7c1e55',
  smtp: 'smtp-pass-88d1',
  privateKey: '-----BEGIN PRIVATE KEY-----\nMIIEvQ-fake-key\n-----END PRIVATE KEY-----',
  apiKey: 'sk-live-6b2e0d4c9a',
};
const inputs = {
  http: {
    name: 'Billing API',
    type: 'http',
    config: {
      baseUrl: 'https://billing.example.com/v2',
      auth: 'bearer',
      headers: [{ name: 'Accept', value: 'application/json' }],
    },
    secret: { bearerToken: secretValues.bearer },
  },
  smtp: {
    name: 'Mail',
    type: 'smtp',
    config: { host: 'smtp.example.com', port: 587, username: 'robot', from: 'robot@example.com' },
    secret: { password: secretValues.smtp },
  },
  google_sheets: {
    name: 'Sheets',
    type: 'google_sheets',
    config: { clientEmail: 'writer@project.iam.gserviceaccount.com' },
    secret: { privateKey: secretValues.privateKey },
  },
  openai: { name: 'Model', type: 'openai', config: {}, secret: { apiKey: secretValues.apiKey } },
} as const;

const post = (path: string, input: unknown) => trpcMutation(server.baseUrl, path, input, { cookie });
const get = (path: string, input: unknown) =>
  trpcQuery(server.baseUrl, `${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { cookie });
const expectNoSecret = (text: string) => {
  for (const value of Object.values(secretValues)) expect(text).not.toContain(value);
};
const problemPaths = (response: HttpCall) =>
  (response.body.error.data.details.problems as Array<{ path: string }>).map((p) => p.path).sort();

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url));
  owner = await createOwner(server.services.models);
  other = await createOwner(server.services.models, 'other@example.com');
  admin = await createOwner(server.services.models, 'admin@example.com');
  await admin.update({ role: 'admin' });
  cookie = sessionCookieFrom(
    (await trpcMutation(server.baseUrl, 'auth.login', { email: owner.email, password: 'owner password' })).headers,
  )!;
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe('connectors.create', () => {
  it.each(Object.entries(inputs))(
    'stores a %s connector with its secret encrypted as connector:<id>, answering only field names',
    async (type, input) => {
      const created = await post('connectors.create', input);
      expect(created.status).toBe(200);
      const dto = created.body.result.data;
      expect(dto).toMatchObject({
        ownerId: owner.id,
        name: input.name,
        type,
        hasSecret: true,
        secretFields: Object.keys(input.secret),
        secretProblem: null,
      });
      expectNoSecret(JSON.stringify(created.body));
      expectNoSecret(JSON.stringify((await get('connectors.get', { connectorId: dto.id })).body));
      expectNoSecret(JSON.stringify((await get('connectors.list', {})).body));

      const row = await server.services.models.Connector.findByPk(dto.id, { raw: true });
      const secret = await server.services.models.Secret.findByPk(row!.secretsRef!, { raw: true });
      expect(secret).toMatchObject({ ownerId: owner.id, name: `connector:${dto.id}` });
      expect(secret!.encryptedPayload).toMatch(/^v1\./);
      expectNoSecret(secret!.encryptedPayload);
      const plain = decryptSecret(
        secret!.encryptedPayload,
        encryptionKeysOf(server.services.config),
        secretAad(owner.id, secret!.id),
      );
      expect(JSON.parse(plain)).toMatchObject(input.secret);

      const audit = await server.services.models.AuditLog.findAll({
        where: { action: 'connector.create', resourceId: dto.id },
        raw: true,
      });
      expect(audit).toMatchObject([
        {
          actorId: owner.id,
          resourceType: 'connector',
          details: { name: input.name, type, secretFields: Object.keys(input.secret) },
        },
      ]);
      expectNoSecret(JSON.stringify(audit));
    },
  );

  it("fills config defaults: Google's endpoints, OpenAI's base URL", async () => {
    const sheets = await callerFor(server.services, owner).connectors.create({
      ...inputs.google_sheets,
      name: 'Defaults',
    });
    expect(sheets.config).toEqual({
      clientEmail: inputs.google_sheets.config.clientEmail,
      tokenUri: 'https://oauth2.googleapis.com/token',
      apiRoot: 'https://sheets.googleapis.com',
    });
    const model = await callerFor(server.services, owner).connectors.create({ ...inputs.openai, name: 'Defaults' });
    expect(model.config).toEqual({ baseUrl: 'https://api.openai.com/v1', organization: null });
  });

  it.each([
    [
      'http',
      { ...inputs.http, config: { baseUrl: 'ftp://files.example.com', auth: 'digest' } },
      ['config.auth', 'config.baseUrl'],
    ],
    ['http', { ...inputs.http, secret: { username: 'ada' } }, ['secret.bearerToken']],
    ['http', { ...inputs.http, config: { ...inputs.http.config, auth: 'basic' }, secret: null }, ['secret.username']],
    ['smtp', { ...inputs.smtp, config: { host: '', port: 70000 } }, ['config.from', 'config.host', 'config.port']],
    ['smtp', { ...inputs.smtp, secret: null }, ['secret.password']],
    [
      'google_sheets',
      {
        ...inputs.google_sheets,
        config: { clientEmail: 'not an email' },
        secret: { privateKey: 'k', extra: secretValues.apiKey },
      },
      ['config.clientEmail', 'secret'],
    ],
    ['google_sheets', { ...inputs.google_sheets, secret: null }, ['secret.privateKey']],
    [
      'openai',
      { ...inputs.openai, config: { baseUrl: 'localhost:11434' }, secret: { apiKey: '' } },
      ['config.baseUrl', 'secret.apiKey'],
    ],
  ])('refuses invalid %s settings, listing each field at fault, saving nothing', async (_type, input, paths) => {
    const before = {
      connectors: await server.services.models.Connector.count(),
      secrets: await server.services.models.Secret.count(),
    };
    const response = await post('connectors.create', input);
    expect(response.status).toBe(400);
    expect(problemPaths(response)).toEqual(paths);
    expect(response.body.error.message).toMatch(new RegExp(`connector's settings have ${paths.length} problem`));
    // A value given under an unknown key is named by its key, never echoed.
    expectNoSecret(JSON.stringify(response.body));
    expect({
      connectors: await server.services.models.Connector.count(),
      secrets: await server.services.models.Secret.count(),
    }).toEqual(before);
  });

  it('refuses an unknown type and a blank name as input errors', async () => {
    const response = await post('connectors.create', { name: ' ', type: 'ftp', config: {} });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.data.fieldErrors).sort()).toEqual(['name', 'type']);
  });
});

describe('connectors.update', () => {
  it('keeps the secret when none is given, replaces it in place when one is, and removes it on null', async () => {
    const caller = callerFor(server.services, owner);
    const created = await caller.connectors.create({ ...inputs.http, name: 'Rotating' });
    const row = () => server.services.models.Connector.findByPk(created.id, { raw: true });
    const secretRow = async () => server.services.models.Secret.findByPk((await row())!.secretsRef!, { raw: true });
    const original = await secretRow();

    const renamed = await caller.connectors.update({
      connectorId: created.id,
      name: 'Billing v2',
      config: { ...inputs.http.config, baseUrl: 'https://billing.example.com/v3' },
    });
    expect(renamed).toMatchObject({
      name: 'Billing v2',
      config: { baseUrl: 'https://billing.example.com/v3' },
      hasSecret: true,
      secretFields: ['bearerToken'],
    });
    expect(await secretRow()).toMatchObject({ id: original!.id, encryptedPayload: original!.encryptedPayload });

    const replaced = await caller.connectors.update({
      connectorId: created.id,
      secret: { bearerToken: 'tok-rotated-7d1c' },
    });
    expect(replaced.secretFields).toEqual(['bearerToken']);
    const now = await secretRow();
    expect(now!.id).toBe(original!.id);
    expect(now!.encryptedPayload).not.toBe(original!.encryptedPayload);
    expect(
      JSON.parse(
        decryptSecret(now!.encryptedPayload, encryptionKeysOf(server.services.config), secretAad(owner.id, now!.id)),
      ),
    ).toEqual({ bearerToken: 'tok-rotated-7d1c', headers: [] });

    // The kept secret is checked against the new config: basic auth needs a username it lacks.
    await expect(
      caller.connectors.update({ connectorId: created.id, config: { ...inputs.http.config, auth: 'basic' } }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/secret\.username: required: auth is basic/),
    });

    const removed = await caller.connectors.update({
      connectorId: created.id,
      config: { baseUrl: 'https://billing.example.com/v3' },
      secret: null,
    });
    expect(removed).toMatchObject({ hasSecret: false, secretFields: null, config: { auth: 'none' } });
    expect(await server.services.models.Secret.findByPk(original!.id)).toBeNull();

    const audit = await server.services.models.AuditLog.findAll({
      where: { action: 'connector.update', resourceId: created.id },
      order: [['createdAt', 'ASC']],
      raw: true,
    });
    expect(audit.map((a) => a.details)).toEqual([
      {
        name: 'Billing v2',
        renamedFrom: 'Rotating',
        configFields: ['baseUrl'],
        secret: 'kept',
        secretFields: ['bearerToken'],
      },
      { name: 'Billing v2', configFields: [], secret: 'replaced', secretFields: ['bearerToken'] },
      { name: 'Billing v2', configFields: ['auth', 'headers'], secret: 'removed', secretFields: null },
    ]);
    expect(JSON.stringify(audit)).not.toContain('tok-rotated-7d1c');
  });

  it('reports a secret that no configured key decrypts, and asks for it again', async () => {
    const caller = callerFor(server.services, owner);
    const created = await caller.connectors.create({ ...inputs.smtp, name: 'Old key' });
    const { secretsRef } = (await server.services.models.Connector.findByPk(created.id))!;
    const otherKey = randomBytes(32).toString('base64');
    await server.services.models.Secret.update(
      { encryptedPayload: encryptSecret('{"password":"x"}', otherKey, secretAad(owner.id, secretsRef!)) },
      { where: { id: secretsRef! } },
    );

    const read = await caller.connectors.get({ connectorId: created.id });
    expect(read).toMatchObject({
      hasSecret: true,
      secretFields: null,
      secretProblem: expect.stringMatching(/cannot be read: .*not configured/),
    });
    await expect(caller.connectors.update({ connectorId: created.id, name: 'Renamed' })).rejects.toThrow(
      /cannot be read.*give the secret again/,
    );
    expect(
      (await caller.connectors.update({ connectorId: created.id, secret: { password: 'new' } })).secretProblem,
    ).toBeNull();
    expect((await caller.connectors.get({ connectorId: created.id })).secretFields).toEqual(['password']);
  });
});

describe('connectors.delete', () => {
  // Written as a person would send it: defaults left for validation to fill.
  const uses = (nodes: unknown[]) => ({ trigger: { type: 'manual' }, nodes, edges: [] });

  it('is refused, naming the workflows, while a spec uses the connector; then removes it with its secret', async () => {
    const caller = callerFor(server.services, owner);
    const api = await caller.connectors.create({ ...inputs.http, name: 'In use' });
    const model = await caller.connectors.create({ ...inputs.openai, name: 'Model in use' });
    await caller.workflows.create({
      name: 'Fetch invoices',
      spec: uses([{ id: 'get', type: 'http_request', name: 'Get', config: { connectorId: api.id, url: '/invoices' } }]),
    });
    await caller.workflows.create({
      name: 'Also fetch',
      spec: uses([{ id: 'get', type: 'http_request', name: 'Get', config: { connectorId: api.id, url: '/x' } }]),
    });
    await caller.workflows.create({
      name: 'Summarise',
      spec: uses([{ id: 'ask', type: 'llm', name: 'Ask', config: { connectorId: model.id, prompt: 'hi' } }]),
    });

    const refused = await post('connectors.delete', { connectorId: api.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Connector "In use" is used by the workflows "Also fetch", "Fetch invoices"; remove it from their specs first.',
    );
    expect(refused.body.error.data.details.workflows.map((w: { name: string }) => w.name)).toEqual([
      'Also fetch',
      'Fetch invoices',
    ]);
    await expect(caller.connectors.delete({ connectorId: model.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/the workflow "Summarise"; remove it from its spec first/),
    });

    await server.services.models.Workflow.destroy({ where: { ownerId: owner.id } });
    const { secretsRef } = (await server.services.models.Connector.findByPk(api.id))!;
    expect((await post('connectors.delete', { connectorId: api.id })).body.result.data).toEqual({ deleted: true });
    expect(await server.services.models.Connector.findByPk(api.id)).toBeNull();
    expect(await server.services.models.Secret.findByPk(secretsRef!)).toBeNull();
    const audit = await server.services.models.AuditLog.findAll({
      where: { action: 'connector.delete', resourceId: api.id },
      raw: true,
    });
    expect(audit).toMatchObject([
      { actorId: owner.id, resourceType: 'connector', details: { name: 'In use', type: 'http' } },
    ]);
  });
});

describe('ownership', () => {
  it("shows members only their own connectors and answers others' as missing; admins see and change all", async () => {
    const mine = await callerFor(server.services, owner).connectors.create({ ...inputs.smtp, name: 'Owner mail' });
    const theirs = await callerFor(server.services, other).connectors.create({ ...inputs.openai, name: 'Other model' });
    const asOther = callerFor(server.services, other);
    expect((await asOther.connectors.list({})).map((c) => c.name)).toEqual(['Other model']);
    expect(await asOther.connectors.list({ ownerId: owner.id })).toEqual([]);
    for (const call of [
      () => asOther.connectors.get({ connectorId: mine.id }),
      () => asOther.connectors.update({ connectorId: mine.id, name: 'mine now' }),
      () => asOther.connectors.delete({ connectorId: mine.id }),
      () => asOther.connectors.test({ connectorId: mine.id }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'No such connector.' });
    }

    const asAdmin = callerFor(server.services, admin);
    const all = await asAdmin.connectors.list({});
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await asAdmin.connectors.list({ ownerId: other.id })).map((c) => c.id)).toEqual([theirs.id]);
    expect((await asAdmin.connectors.list({ type: 'smtp' })).every((c) => c.type === 'smtp')).toBe(true);
    expect(await asAdmin.connectors.update({ connectorId: theirs.id, name: 'Renamed by admin' })).toMatchObject({
      ownerId: other.id,
      name: 'Renamed by admin',
    });
    const audit = await server.services.models.AuditLog.findOne({
      where: { action: 'connector.update', resourceId: theirs.id },
    });
    expect(audit!.actorId).toBe(admin.id);
  });
});
