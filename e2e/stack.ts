import type { Browser, Page } from 'playwright-core';
import { runSeeders } from '../core/db/migrator';
import { startOpenAiServer, type FakeOpenAiServer } from '../testing/fakes/openai.fake';
import { freePort } from '../testing/free-port';
import { migratedTestDatabase, type MigratedDatabase } from '../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../testing/test-server';
import { startTestWorker, testTaskQueue } from '../testing/test-worker';
import { launchBrowser } from './browser';
import { builtWebClient } from './web-build';

/** Everything a browser test talks to: the seeded database, the API serving the built client, a worker, the local OpenAI-protocol server and Chromium. */
export interface BrowserStack {
  db: MigratedDatabase;
  api: TestServer;
  llm: FakeOpenAiServer;
  browser: Browser;
  /** Where the browser opens the app: the API's origin, which serves the built client. */
  url: string;
  /** Uncaught errors of every page opened with newPage since the last closePages. */
  pageErrors: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Closes the pages newPage opened and hands back their uncaught errors: a test's afterEach expects none. */
  closePages(): Promise<string[]>;
  close(): Promise<void>;
}

export const admin = { email: 'admin@example.com', password: 'password123', name: 'Demo Admin' };

/**
 * `env` adds to the API's test configuration, e.g. `OUTBOUND_ALLOW_NETWORKS: 'loopback'` to let
 * connectors reach a local server, or `OPENAI_API_KEY: ''` for no language model (empty reads as unset).
 */
export async function startBrowserStack(env: Record<string, string> = {}): Promise<BrowserStack> {
  const webDist = await builtWebClient();
  const db = await migratedTestDatabase();
  await runSeeders(db.sequelize);
  const llm = await startOpenAiServer({ apiKey: 'sk-browser-test' });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig(db.url, {
    PUBLIC_URL: url,
    TEMPORAL_TASK_QUEUE: testTaskQueue(),
    OPENAI_API_KEY: 'sk-browser-test',
    OPENAI_BASE_URL: `${llm.url}/v1`,
    LLM_MODEL: 'gpt-4o-mini',
    ...env,
  });
  const api = await startTestServer(config, { port, webDist });
  const worker = await startTestWorker(api.services);
  const browser = await launchBrowser();
  const pageErrors: string[] = [];
  const openPages: Page[] = [];
  return {
    db,
    api,
    llm,
    browser,
    url,
    pageErrors,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const page = await browser.newPage({ viewport });
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      openPages.push(page);
      return page;
    },
    async closePages() {
      await Promise.all(openPages.splice(0).map((page) => page.close()));
      return pageErrors.splice(0);
    },
    async close() {
      await browser.close();
      await worker.stop();
      await api.close();
      await llm.close();
      await db.drop();
    },
  };
}

/** Signs in through the sign-in page and waits for the signed-in shell. */
export async function signIn(page: Page, url: string, email = admin.email, password = admin.password): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
