import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { sampleConnector } from '../seeders/0002-sample-connector';
import { decryptSecret, encryptionKeysOf, secretAad } from '../core/secrets/secret-box';
import { freePort } from '../testing/free-port';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { signIn, startBrowserStack, type BrowserStack } from './stack';

let stack: BrowserStack;
let service: Server;
let serviceUrl: string;
/** The headers of every request the local service received. */
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  // Connectors may only reach loopback where the configuration allows it, as here.
  stack = await startBrowserStack({ OUTBOUND_ALLOW_NETWORKS: 'loopback' });
  service = createServer((request, response) => {
    seen.push(request.headers);
    response
      .writeHead(request.headers.authorization ? 200 : 401, { 'content-type': 'application/json' })
      .end('{"ok":true}');
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as { port: number }).port}/api`;
});
afterAll(async () => {
  await new Promise((resolve) => service?.close(resolve));
  await stack?.close();
});
afterEach(async () => expect(await stack.closePages()).toEqual([]));

/** A signed-in admin on /connectors; `bodies` collects every API answer the page receives. */
async function openConnectors(viewport?: { width: number; height: number }) {
  const page = await stack.newPage(viewport);
  const bodies: Array<Promise<string>> = [];
  page.on('response', (response) => {
    if (response.url().includes('/trpc/')) bodies.push(response.text().catch(() => ''));
  });
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/connectors`);
  await page.getByRole('heading', { name: 'Connectors and secrets', exact: true }).waitFor();
  return { page, apiAnswers: async () => (await Promise.all(bodies)).join('\n') };
}

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

it(
  'creates an HTTP connector with a bearer token, tests it, keeps the token on edit, and never shows it again',
  { timeout: 180_000 },
  async () => {
    const token = `tok-${crypto.randomUUID()}`;
    const { page, apiAnswers } = await openConnectors();
    await row(page, sampleConnector.name).waitFor();

    await page.getByRole('button', { name: 'New connector' }).click();
    const form = page.getByRole('form', { name: 'New connector' });
    await form.getByLabel('Name', { exact: true }).fill('Local API');
    await form.getByLabel('Base URL').fill(serviceUrl);
    // The token field belongs to bearer auth, and appears with it.
    expect(await form.getByLabel('Bearer token').count()).toBe(0);
    await form.getByLabel('Auth').selectOption('bearer');
    expect(await form.getByLabel('Bearer token').getAttribute('type')).toBe('password');

    // Saving bearer auth without a token is refused, and the refusal lands on the token's field.
    await form.getByRole('button', { name: 'Create connector' }).click();
    await form.getByText('required: auth is bearer').waitFor();
    expect(await form.getByLabel('Bearer token').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Bearer token').fill(token);
    await form.getByRole('button', { name: 'Create connector' }).click();
    await page.getByRole('status').filter({ hasText: 'Created Local API.' }).waitFor();
    const saved = await stack.api.services.models.Connector.findOne({ where: { name: 'Local API' } });
    expect(saved?.config).toMatchObject({ baseUrl: serviceUrl, auth: 'bearer' });
    expect(JSON.stringify(saved?.config)).not.toContain(token);
    expect(saved?.secretsRef).not.toBeNull();

    await page.getByRole('button', { name: 'Test Local API' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Connection to Local API works' })
      .filter({ hasText: 'HTTP 200' })
      .waitFor();
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${token}`);
    await screenshot(page, 'connectors-tested');

    // Edit without retyping the token: the field is empty, says so, and the token is kept.
    await page.getByRole('button', { name: 'Edit Local API' }).click();
    const edit = page.getByRole('form', { name: 'Edit Local API' });
    expect(await edit.getByLabel('Bearer token').inputValue()).toBe('');
    await edit.getByText('Stored; leave empty to keep the current value.').waitFor();
    await edit.getByRole('button', { name: 'Add header' }).click();
    await edit.getByLabel('Headers 1 name').fill('X-Trace');
    await edit.getByLabel('Headers 1 value').fill('from-the-form');
    await screenshot(page, 'connectors-edit');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Local API.' }).waitFor();
    const requests = seen.length;
    await page.getByRole('button', { name: 'Test Local API' }).click();
    await page.getByRole('status').filter({ hasText: 'Connection to Local API works' }).waitFor();
    expect(seen.length).toBe(requests + 1);
    expect(seen.at(-1)).toMatchObject({ authorization: `Bearer ${token}`, 'x-trace': 'from-the-form' });

    // A test of unsaved settings pointing at a closed port fails, with the reason and nothing saved.
    const closedPort = await freePort();
    await page.getByRole('button', { name: 'Edit Local API' }).click();
    await edit.getByLabel('Base URL').fill(`http://127.0.0.1:${closedPort}/`);
    await edit.getByRole('button', { name: 'Test connection' }).click();
    const failure = edit.getByRole('alert').filter({ hasText: 'Connection to Local API failed' });
    await failure.waitFor();
    expect(await failure.textContent()).toMatch(/refused|ECONNREFUSED|connect/i);
    await screenshot(page, 'connectors-test-failed');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    expect((await saved!.reload()).config).toMatchObject({ baseUrl: serviceUrl });

    // The sample workflow uses the sample connector: deleting it is refused with the API's reason.
    await page.getByRole('button', { name: `Delete ${sampleConnector.name}` }).click();
    await page
      .getByRole('group', { name: /^Delete Sample HTTP API/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page
      .getByRole('alert')
      .filter({
        hasText: `Could not delete ${sampleConnector.name}: Connector "${sampleConnector.name}" is used by the workflow`,
      })
      .waitFor();
    await page.getByRole('button', { name: 'Delete Local API' }).click();
    await page
      .getByRole('group', { name: /^Delete Local API/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('status').filter({ hasText: 'Deleted Local API.' }).waitFor();
    expect(await stack.api.services.models.Connector.count({ where: { name: 'Local API' } })).toBe(0);

    expect(await page.content()).not.toContain(token);
    expect(await apiAnswers()).not.toContain(token);
  },
);

it(
  "draws each connector type's fields from its schema, with secrets as hidden inputs",
  { timeout: 120_000 },
  async () => {
    const { page } = await openConnectors();
    await page.getByRole('button', { name: 'New connector' }).click();
    const form = page.getByRole('form', { name: 'New connector' });
    const attribute = (label: string, name: string) => form.getByLabel(label, { exact: true }).getAttribute(name);

    await form.getByLabel('Type').selectOption({ label: 'SMTP (email)' });
    expect(await attribute('Port', 'type')).toBe('number');
    expect(await attribute('Secure', 'type')).toBe('checkbox');
    await form.getByText('TLS from the first byte (port 465)').waitFor();
    expect(await attribute('Password', 'type')).toBe('password');

    await form.getByLabel('Type').selectOption({ label: 'Google Sheets' });
    expect(await attribute('Client email', 'type')).toBe('email');
    expect(await form.getByLabel('Private key', { exact: true }).evaluate((element) => element.tagName)).toBe(
      'TEXTAREA',
    );

    await form.getByLabel('Type').selectOption({ label: 'OpenAI-compatible' });
    expect(await attribute('Base URL', 'placeholder')).toBe('https://api.openai.com/v1');
    expect(await attribute('API key', 'type')).toBe('password');
    // Every field the form shows is one the API checks: an empty key is refused on its field.
    await form.getByLabel('Name', { exact: true }).fill('Model');
    await form.getByRole('button', { name: 'Create connector' }).click();
    await form.getByText('required: the endpoint is called with it').waitFor();
    expect(await form.getByLabel('API key', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await stack.api.services.models.Connector.count({ where: { name: 'Model' } })).toBe(0);
  },
);

it('creates, replaces and deletes a secret, showing only its name', { timeout: 120_000 }, async () => {
  const { Secret } = stack.api.services.models;
  const keys = encryptionKeysOf(stack.api.services.config);
  const [first, second] = [`first-${crypto.randomUUID()}`, `second-${crypto.randomUUID()}`];
  const { page, apiAnswers } = await openConnectors();
  const form = page.getByRole('form', { name: 'Add a secret' });

  await form.getByLabel('Secret name').fill('not a valid name');
  await form.getByLabel('Secret value').fill(first);
  await form.getByRole('button', { name: 'Save secret' }).click();
  await form.getByText('Use 1 to 100 letters').waitFor();
  await form.getByLabel('Secret name').fill('CRM_API_KEY');
  expect(await form.getByLabel('Secret value').getAttribute('type')).toBe('password');
  await form.getByRole('button', { name: 'Save secret' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved CRM_API_KEY' }).waitFor();
  await row(page, 'CRM_API_KEY').waitFor();
  expect(await form.getByLabel('Secret value').inputValue()).toBe('');
  const stored = await Secret.findOne({ where: { name: 'CRM_API_KEY' } });
  expect(decryptSecret(stored!.encryptedPayload, keys, secretAad(stored!.ownerId, stored!.id))).toBe(first);
  expect(await page.content()).not.toContain(first);

  await page.getByRole('button', { name: 'Replace the value of CRM_API_KEY' }).click();
  await page.getByLabel('New value for CRM_API_KEY').fill(second);
  await page.getByRole('button', { name: 'Save value' }).click();
  await page.getByRole('status').filter({ hasText: 'Replaced the value of CRM_API_KEY.' }).waitFor();
  await stored!.reload();
  expect(decryptSecret(stored!.encryptedPayload, keys, secretAad(stored!.ownerId, stored!.id))).toBe(second);
  await screenshot(page, 'connectors-secrets');

  await page.getByRole('button', { name: 'Delete secret CRM_API_KEY' }).click();
  await page
    .getByRole('group', { name: /^Delete CRM_API_KEY/ })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('status').filter({ hasText: 'Deleted CRM_API_KEY.' }).waitFor();
  await row(page, 'CRM_API_KEY').waitFor({ state: 'detached' });
  expect(await Secret.count({ where: { name: 'CRM_API_KEY' } })).toBe(0);

  const html = await page.content();
  const answers = await apiAnswers();
  for (const value of [first, second]) {
    expect(html).not.toContain(value);
    expect(answers).not.toContain(value);
  }
});

it(
  'shows a new API token once, then only its name and first characters; revoking it stops it',
  { timeout: 120_000 },
  async () => {
    const { page } = await openConnectors();
    const me = async (token: string) =>
      (await fetch(`${stack.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } })).status;

    await page.getByLabel('Token name').fill('billing script');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('region', { name: 'Token billing script, shown once' });
    const token = await shown.getByLabel('New token').inputValue();
    expect(token).toMatch(/^wfa_[a-z2-7]{32}$/);
    expect(await me(token)).toBe(200);
    await screenshot(page, 'connectors-token-shown');

    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    const tokenRow = row(page, 'billing script');
    await tokenRow.getByText(`${token.slice(0, 8)}…`).waitFor();
    expect(await page.content()).not.toContain(token);

    await page.getByRole('button', { name: 'Revoke token billing script' }).click();
    await page
      .getByRole('group', { name: /^Revoke billing script/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await tokenRow.getByText('revoked', { exact: true }).waitFor();
    expect(await me(token)).toBe(401);
    await page.reload();
    await row(page, 'billing script').waitFor();
    expect(await page.content()).not.toContain(token);
    await screenshot(page, 'connectors');
  },
);

it('reads on a phone without sideways scrolling, with the form open', { timeout: 120_000 }, async () => {
  const { page } = await openConnectors({ width: 390, height: 844 });
  await row(page, sampleConnector.name).waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'connectors-phone');
  await page.getByRole('button', { name: `Edit ${sampleConnector.name}` }).click();
  await page
    .getByRole('form', { name: `Edit ${sampleConnector.name}` })
    .getByLabel('Base URL')
    .waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'connectors-form-phone');
});
