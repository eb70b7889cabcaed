import type { Browser, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, beforeEach, afterEach, expect, it } from 'vitest';
import { runSeeders } from '../core/db/migrator';
import { freePort } from '../testing/free-port';
import { loginLimits } from '../server/auth/login-limits.service';
import { migratedTestDatabase, type MigratedDatabase } from '../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../testing/test-server';
import { expectNoHorizontalScroll, launchBrowser, screenshot, startWebClient } from './browser';

let db: MigratedDatabase;
let api: TestServer;
let web: ViteDevServer;
let webUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  db = await migratedTestDatabase();
  await runSeeders(db.sequelize);
  const webPort = await freePort();
  webUrl = `http://127.0.0.1:${webPort}`;
  api = await startTestServer(testConfig(db.url, { PUBLIC_URL: webUrl }));
  web = await startWebClient(webPort, api.baseUrl);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await web?.close();
  await api?.close();
  await db?.drop();
});
beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});
afterEach(async () => {
  await page.close();
  // Failures left by one test would hold the next one's sign-in, even after a failed assertion.
  await db.models.LoginFailure.destroy({ where: {} });
});

async function signIn(email: string, password: string) {
  await page.goto(webUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

it('shows the sign-in page to a signed-out visitor', async () => {
  await page.goto(webUrl);
  await page.getByRole('heading', { name: 'Sign in to Workflow Agent' }).waitFor();
  expect(await page.getByLabel('Password').getAttribute('type')).toBe('password');
  await screenshot(page, 'sign-in');
});

it('shows a failed sign-in as one message that does not say which field was wrong', async () => {
  await signIn('admin@example.com', 'not-the-password');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toBe('That email and password do not match an account.');
  await screenshot(page, 'sign-in-error');
});

it('shows how long to wait once an address has failed too often, even for the right password', async () => {
  await signIn('admin@example.com', 'not-the-password');
  await page.getByRole('alert').waitFor();
  // The address the API saw (the dev server's proxy), with enough further failures to be held.
  const { ip } = await db.models.LoginFailure.findOne({ rejectOnEmpty: true });
  await db.models.LoginFailure.bulkCreate(
    Array.from({ length: loginLimits.pair.free - 1 }, () => ({ email: 'admin@example.com', ip })),
  );
  await signIn('admin@example.com', 'password123');
  const alert = page.getByRole('alert').filter({ hasText: 'Too many' });
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/^Too many failed sign-in attempts\. Wait \d+ seconds?, then try again\.$/);
});

it('signs the seeded admin in to the shell, keeps the session across a reload, and signs out', async () => {
  await signIn('admin@example.com', 'password123');
  await page.getByRole('heading', { name: 'Welcome, Demo Admin' }).waitFor();
  await page.getByText('Temporal: up').waitFor();
  await page.getByText('Database: up').waitFor();
  expect(await page.getByRole('link', { name: 'Temporal Web UI' }).getAttribute('href')).toMatch(
    /^http:\/\/127\.0\.0\.1:\d+$/,
  );
  await screenshot(page, 'home');

  const cookies = await page.context().cookies();
  expect(cookies.find((c) => c.name === 'wfa_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await page.reload();
  await page.getByRole('heading', { name: 'Welcome, Demo Admin' }).waitFor();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Workflow Agent' }).waitFor();
  expect(await db.models.Session.count()).toBe(0);
});

it('is usable on a phone-sized screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn('admin@example.com', 'password123');
  await page.getByRole('heading', { name: 'Welcome, Demo Admin' }).waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'home-phone');
});
