import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConnector } from '../../core/connectors/load-connector';
import { createConnector, createOwner } from '../../testing/fixtures';
import { closeAppServices, createAppServices, type AppServices } from '../app-services';
import { repoRoot } from '../../core/config/paths';
import type { User } from '../../core/db/models';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-server';
import { findWebhookWorkflow, rotateWebhookSecret } from '../webhooks/webhook-secret.service';
import {
  decryptSecret,
  encryptionKeysOf,
  encryptSecret,
  keyId,
  secretAad,
  storedKeyId,
} from '../../core/secrets/secret-box';
import { createSecret } from './secrets.service';
import { KeyRotationError, rotateSecretKeys } from './rotate-keys';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const lostKey = randomBytes(32).toString('base64');

let db: MigratedDatabase;
let services: AppServices;
let ada: User;
let bo: User;

/** The same services, configured with other keys, as after an operator changed the environment. */
const withKeys = (current: string, previous: string[] = []): AppServices => ({
  ...services,
  config: { ...services.config, APP_ENCRYPTION_KEY: current, APP_ENCRYPTION_KEYS_PREVIOUS: previous },
});

beforeAll(async () => {
  db = await migratedTestDatabase();
  services = createAppServices(testConfig(db.url, { APP_ENCRYPTION_KEY: oldKey }));
  ada = await createOwner(services.models, 'ada@example.com');
  bo = await createOwner(services.models, 'bo@example.com');
});
afterEach(async () => {
  await services.models.Connector.destroy({ where: {} });
  await services.models.Workflow.destroy({ where: {} });
  await services.models.Secret.destroy({ where: {} });
});
afterAll(async () => {
  if (services) await closeAppServices(services);
  await db?.drop();
});

/** Every column of every secret, as PostgreSQL has it. */
const snapshot = () =>
  services.sequelize.query<{ updated_at: Date }>('SELECT * FROM secrets ORDER BY id', { type: QueryTypes.SELECT });

/** A user secret, a webhook secret and a connector's secret, all under the old key. */
async function secretsUnderOldKey() {
  const apiKey = await createSecret(services, ada, { name: 'API_KEY', value: 'api key value' });
  const workflow = await services.models.Workflow.create({
    ownerId: bo.id,
    name: 'Hooked',
    specJson: {
      trigger: { type: 'webhook' },
      nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }],
      edges: [],
    },
    llmPromptVersion: null,
  });
  const webhookSecret = await rotateWebhookSecret(services, workflow);
  const connector = await createConnector(
    services.models,
    oldKey,
    bo.id,
    'http',
    { baseUrl: 'https://api.example.com', auth: 'bearer' },
    { bearerToken: 'connector token' },
  );
  return { apiKey, workflow, webhookSecret, connector };
}

/** The webhook's secret as a delivery reads it. */
const readWebhookSecret = async (...[services, workflowId]: Parameters<typeof findWebhookWorkflow>) =>
  (await findWebhookWorkflow(services, workflowId))!.secret();

describe('rotateSecretKeys', () => {
  it("moves every secret, the app's own too, to the new key; webhooks and connectors read them throughout", async () => {
    const { apiKey, workflow, webhookSecret, connector } = await secretsUnderOldKey();
    const updatedAt = (await snapshot()).map((r) => r.updated_at);
    const rotating = withKeys(newKey, [oldKey]);

    // Between the deploy with the new key and the rotation, the previous key still decrypts.
    expect(await readWebhookSecret(rotating, workflow.id)).toBe(webhookSecret);
    expect(
      (await loadConnector(services.models, encryptionKeysOf(rotating.config), bo.id, connector.id, 'http')).secret,
    ).toMatchObject({ bearerToken: 'connector token' });
    // Without it, the error names the secret and the variable that would fix it.
    await expect(readWebhookSecret(withKeys(newKey), workflow.id)).rejects.toThrow(
      new RegExp(
        `webhook secret "webhook:${workflow.id}" .*of workflow "Hooked" cannot be read: .*key ${keyId(oldKey)}, which is not configured.*APP_ENCRYPTION_KEYS_PREVIOUS`,
      ),
    );
    await expect(loadConnector(services.models, [newKey], bo.id, connector.id, 'http')).rejects.toThrow(
      /the secret "http credentials" of connector "http connector" cannot be read: .*not configured.*APP_ENCRYPTION_KEYS_PREVIOUS/,
    );

    expect(await rotateSecretKeys(services.models, rotating.config)).toEqual({
      currentKeyId: keyId(newKey),
      reEncrypted: 3,
      alreadyCurrent: 0,
    });

    const rows = await services.models.Secret.findAll();
    expect(rows.map((r) => storedKeyId(r.encryptedPayload))).toEqual([keyId(newKey), keyId(newKey), keyId(newKey)]);
    // The values did not change, so neither did when they were last set.
    expect((await snapshot()).map((r) => r.updated_at)).toEqual(updatedAt);
    const current = withKeys(newKey);
    expect(await readWebhookSecret(current, workflow.id)).toBe(webhookSecret);
    expect(
      (await loadConnector(services.models, encryptionKeysOf(current.config), bo.id, connector.id, 'http')).secret,
    ).toMatchObject({ bearerToken: 'connector token' });
    const apiKeyRow = rows.find((r) => r.id === apiKey.id)!;
    expect(decryptSecret(apiKeyRow.encryptedPayload, [newKey], secretAad(ada.id, apiKey.id))).toBe('api key value');
  });

  it('changes nothing the second time', async () => {
    await secretsUnderOldKey();
    const config = withKeys(newKey, [oldKey]).config;
    await rotateSecretKeys(services.models, config);
    const before = await snapshot();
    expect(await rotateSecretKeys(services.models, config)).toEqual({
      currentKeyId: keyId(newKey),
      reEncrypted: 0,
      alreadyCurrent: 3,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses when any secret cannot be decrypted, naming each, and changes nothing', async () => {
    await secretsUnderOldKey();
    const lost = await services.models.Secret.create({ ownerId: bo.id, name: 'LEGACY', encryptedPayload: 'pending' });
    await lost.update({ encryptedPayload: encryptSecret('lost value', lostKey, secretAad(bo.id, lost.id)) });
    const tampered = await createSecret(services, ada, { name: 'TAMPERED', value: 'tampered value' });
    const row = (await services.models.Secret.findByPk(tampered.id))!;
    const [version, id, iv, , ciphertext] = row.encryptedPayload.split('.');
    await row.update({
      encryptedPayload: [version, id, iv, Buffer.alloc(16).toString('base64url'), ciphertext].join('.'),
    });
    const before = await snapshot();

    const error = await rotateSecretKeys(services.models, withKeys(newKey, [oldKey]).config).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeyRotationError);
    const refusal = error as KeyRotationError;
    expect(refusal.unreadable).toEqual([
      {
        id: tampered.id,
        name: 'TAMPERED',
        ownerEmail: 'ada@example.com',
        reason: expect.stringMatching(/failed its integrity check/),
      },
      {
        id: lost.id,
        name: 'LEGACY',
        ownerEmail: 'bo@example.com',
        reason: expect.stringMatching(new RegExp(`encrypted under key ${keyId(lostKey)}, which is not configured`)),
      },
    ]);
    expect(refusal.message).toMatch(/^Nothing was changed: 2 secrets cannot be decrypted/);
    expect(refusal.message).toContain(
      `"LEGACY" of bo@example.com (id ${lost.id}): stored secret was encrypted under key ${keyId(lostKey)}`,
    );
    for (const secret of [oldKey, newKey, lostKey, 'lost value', 'tampered value', 'api key value'])
      expect(refusal.message).not.toContain(secret);
    expect(await snapshot()).toEqual(before);
  });
});

describe('npm run secrets:rotate', () => {
  const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
  /** The CLI as an operator runs it in production (so no `.env` is read), with these keys. */
  function rotateCli(keys: { APP_ENCRYPTION_KEY: string; APP_ENCRYPTION_KEYS_PREVIOUS?: string }) {
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      PUBLIC_URL: 'https://agent.example.com',
      ...keys,
    };
    return new Promise<{ code: number; output: string }>((resolve) => {
      execFile(tsx, ['server/secrets/rotate.cli.ts'], { cwd: repoRoot, env }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
      );
    });
  }

  it('exits non-zero naming what it cannot read, then rotates once the key is given, printing no key', async () => {
    await secretsUnderOldKey();
    const before = await snapshot();
    const refused = await rotateCli({ APP_ENCRYPTION_KEY: newKey });
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/Nothing was changed: 3 secrets cannot be decrypted/);
    expect(refused.output).toContain('"API_KEY" of ada@example.com');
    expect(refused.output).toContain(`key ${keyId(oldKey)}, which is not configured`);
    expect(await snapshot()).toEqual(before);

    const done = await rotateCli({ APP_ENCRYPTION_KEY: newKey, APP_ENCRYPTION_KEYS_PREVIOUS: oldKey });
    expect(done.code).toBe(0);
    expect(done.output).toContain(`re-encrypted 3 secret(s) under key ${keyId(newKey)}; 0 were already under it`);
    for (const { output } of [refused, done]) for (const key of [oldKey, newKey]) expect(output).not.toContain(key);
  });

  it('refuses a malformed previous key by its position, without echoing any key', async () => {
    const result = await rotateCli({ APP_ENCRYPTION_KEY: newKey, APP_ENCRYPTION_KEYS_PREVIOUS: `${oldKey},not-a-key` });
    expect(result.code).toBe(78);
    expect(result.output).toMatch(/APP_ENCRYPTION_KEYS_PREVIOUS: entry 2 of 2 must be 32 random bytes in base64/);
    expect(result.output).not.toContain(oldKey);
    expect(result.output).not.toContain('not-a-key');
  });
});
