import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { expect } from 'vitest';
import { repoRoot } from '../core/config/paths';

/** Where browser tests leave screenshots (git-ignored). */
export const screenshotDir = join(repoRoot, '.artifacts', 'screenshots');

/** Debian's Chromium, headless, kept off the network beyond loopback. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** The real Vite dev server for web/, on `port`, proxying the API at `apiUrl` like `npm run dev`. */
export async function startWebClient(port: number, apiUrl: string): Promise<ViteDevServer> {
  const server = await createServer({
    configFile: join(repoRoot, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    server: { port, strictPort: true, proxy: { '/trpc': apiUrl, '/healthz': apiUrl, '/hooks': apiUrl } },
  });
  await server.listen();
  return server;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Readable on this viewport without scrolling sideways: the page is no wider than the window. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
}
