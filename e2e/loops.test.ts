import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { User } from '../core/db/models';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { startRun } from '../server/runs/runs.service';
import { startHttpTestServer } from '../testing/http-test-server';
import { screenshot } from './browser';
import { admin as adminAccount, signIn, startBrowserStack, type BrowserStack } from './stack';

// A real loop on the stack's worker: 12 invoices charged at a loopback server that declines
// every 7th from the 4th (items 3 and 10), with onItemError "continue"; the run page shows the
// loop's progress, its failed items and why one failed, and the workflow page draws the loop as
// a box around its body.

let stack: BrowserStack;
let admin: User;
let charges: Awaited<ReturnType<typeof startHttpTestServer>>;

beforeAll(async () => {
  stack = await startBrowserStack();
  admin = await stack.api.services.models.User.findOne({ where: { email: adminAccount.email }, rejectOnEmpty: true });
  charges = await startHttpTestServer((req, res) => {
    const number = Number(/\/charge\/(\d+)$/.exec(req.url)?.[1]);
    if (number % 7 === 3) return res.writeHead(402).end('card declined');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ charged: number }));
  });
});
afterAll(async () => {
  await charges?.close();
  await stack?.close();
});
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const spec = (): WorkflowSpec =>
  ({
    trigger: { type: 'manual' },
    nodes: [
      {
        id: 'each',
        type: 'for_each',
        name: 'Charge each invoice',
        config: { items: '{{ trigger.invoices }}', concurrency: 3, onItemError: 'continue' },
      },
      {
        id: 'charge',
        type: 'http_request',
        name: 'Charge',
        loop: 'each',
        config: {
          method: 'POST',
          url: `${charges.url}/charge/{{ item.number }}`,
          headers: [],
          body: '{{ item }}',
          timeoutSeconds: 5,
          retry: { maximumAttempts: 1, initialIntervalSeconds: 1, backoffCoefficient: 1 },
        },
      },
      {
        id: 'note',
        type: 'transform',
        name: 'Note',
        loop: 'each',
        config: { fields: [{ name: 'text', value: 'charged {{ nodes.charge.body.charged }}' }] },
      },
      {
        id: 'report',
        type: 'transform',
        name: 'Report',
        config: { fields: [{ name: 'failed', value: '{{ nodes.each.failed }}' }] },
      },
    ],
    edges: [
      ['charge', 'note'],
      ['each', 'report'],
    ],
  }) as WorkflowSpec;

const box = async (page: Page, name: string) =>
  (await page.locator('.react-flow__node').filter({ hasText: name }).last().boundingBox())!;

it(
  "shows a loop's progress, its failed items and why one failed; the graph draws the loop as a box",
  { timeout: 180_000 },
  async () => {
    const workflow = await stack.api.services.models.Workflow.create({
      ownerId: admin.id,
      name: 'Charge invoices',
      specJson: spec(),
      llmPromptVersion: null,
      status: 'active',
    });
    const invoices = Array.from({ length: 12 }, (_, number) => ({ number, email: `c${number}@example.test` }));
    const run = await startRun(stack.api.services, admin, {
      workflowId: workflow.id,
      input: { invoices },
      trigger: 'manual',
    });

    const page = await stack.newPage();
    await signIn(page, stack.url);
    await page.goto(`${stack.url}/runs/${run.id}`);
    await page.getByText('This run ended: success.').waitFor({ timeout: 60_000 });

    // The loop's row: how far it got, with a bar; its body nodes count per item.
    const nodes = page.getByRole('table', { name: 'Nodes of this run' });
    const loopRow = nodes.getByRole('row').filter({ has: page.getByRole('button', { name: 'Charge each invoice' }) });
    await loopRow.getByText('12 of 12 done, 2 failed').waitFor();
    expect(await loopRow.getByRole('progressbar', { name: 'Progress of Charge each invoice' }).count()).toBe(1);
    const chargeRow = nodes.getByRole('row').filter({ has: page.getByRole('button', { name: 'Charge', exact: true }) });
    expect(await chargeRow.textContent()).toContain('per item: 10/12 succeeded, 2 failed');

    // The failed items, and one item's error and its body's tasks.
    await loopRow.getByRole('button', { name: 'Charge each invoice' }).click();
    await page.getByRole('button', { name: 'Failed items (2)' }).click();
    const failed = page.getByRole('table', { name: 'Failed items of Charge each invoice' });
    await failed.getByRole('button', { name: 'Item 10' }).waitFor();
    expect(await failed.getByRole('row').count()).toBe(3); // header, items 3 and 10
    await failed.getByRole('button', { name: 'Item 3' }).click();
    const item = page.getByRole('region', { name: 'Item 3 of Charge each invoice' });
    expect(await item.locator('.node-error').first().textContent()).toMatch(/charge: .*402/);
    expect(JSON.parse((await item.getByLabel('Item 3 of Charge each invoice: item').textContent())!)).toEqual(
      invoices[3],
    );
    const tasks = item.getByRole('list', { name: 'Item 3 of Charge each invoice: tasks' });
    expect(await tasks.getByRole('listitem').allTextContents()).toEqual(['Charge failed', 'Note skipped']);
    await item.getByRole('heading', { name: 'Charge, item 3' }).waitFor();
    expect(await item.getByLabel('Log of Charge, item 3').textContent()).toMatch(/402/);
    await screenshot(page, 'loops-run-failed-item');

    // Every item, a page at a time.
    await page.getByRole('button', { name: 'All items (12)' }).click();
    const all = page.getByRole('table', { name: 'Items of Charge each invoice' });
    await all.getByRole('button', { name: 'Item 11' }).waitFor();
    expect(await all.getByRole('row').count()).toBe(13);

    // In the graph, the body sits inside the loop's box, with its per-item counts.
    const loopBox = await box(page, 'for each {{ trigger.invoices }}');
    for (const name of ['Charge', 'Note']) {
      const inner = await box(page, `${name}${name === 'Charge' ? 'http request' : 'transform'}`);
      expect(inner.x).toBeGreaterThan(loopBox.x);
      expect(inner.y).toBeGreaterThan(loopBox.y);
      expect(inner.x + inner.width).toBeLessThan(loopBox.x + loopBox.width);
      expect(inner.y + inner.height).toBeLessThan(loopBox.y + loopBox.height);
    }
    expect(await page.locator('.react-flow__node').filter({ hasText: 'Charge' }).last().textContent()).toContain(
      '10/12 succeeded, 2 failed',
    );
    await screenshot(page, 'loops-run');

    // The workflow page: the loop's box and its body, and the outline nests the body under it.
    await page.goto(`${stack.url}/workflows/${workflow.id}`);
    await page.getByRole('heading', { level: 1, name: 'Charge invoices' }).waitFor();
    const loop = page.locator('.react-flow__node.graph-loop');
    await loop.waitFor();
    expect(await loop.textContent()).toContain(
      'for each {{ trigger.invoices }} · 3 at once · continues past failed items',
    );
    const body = page.getByRole('list', { name: 'Body of Charge each invoice' });
    expect(await body.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^Charge /),
      expect.stringMatching(/^Note /),
    ]);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await screenshot(page, 'loops-workflow-graph');
  },
);
