import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { expectNoHorizontalScroll, screenshot } from './browser';
import { admin, signIn, startBrowserStack, type BrowserStack } from './stack';

let stack: BrowserStack;

beforeAll(async () => {
  stack = await startBrowserStack();
});
afterAll(() => stack?.close());
afterEach(async () => expect(await stack.closePages()).toEqual([]));

const ann = { name: 'Ann Member', email: 'ann@example.com', password: 'a long first password' };
const userRow = (page: Page, email: string) => page.getByRole('row').filter({ hasText: email });

it(
  'creates a member who can sign in, changes roles, refuses to demote the last admin, and disables',
  { timeout: 180_000 },
  async () => {
    const models = stack.api.services.models;
    const page = await stack.newPage();
    await signIn(page, stack.url);
    await page.goto(`${stack.url}/admin`);
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await userRow(page, admin.email).waitFor();

    // Per-field errors: first the form's own checks, then the API's answer for a malformed email.
    const form = page.getByRole('form', { name: 'Create a user' });
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('Enter the person’s name.').waitFor();
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('First password').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Name').fill(ann.name);
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByLabel('First password').fill(ann.password);
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('Check the fields marked above.').waitFor();
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('false');
    expect(await models.User.count({ where: { name: ann.name } })).toBe(0);

    await form.getByLabel('Email').fill(ann.email);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Created ${ann.name} (${ann.email}) as member` })
      .waitFor();
    await userRow(page, ann.email).getByRole('cell', { name: 'member', exact: true }).waitFor();
    expect((await models.User.findOne({ where: { email: ann.email } }))?.role).toBe('member');
    await screenshot(page, 'admin-users');

    // The new account works, in a browser of its own; a member has no admin page.
    const annPage = await stack.newPage();
    await signIn(annPage, stack.url, ann.email, ann.password);
    await annPage.goto(`${stack.url}/admin`);
    await annPage.getByRole('heading', { name: 'Page not found' }).waitFor();

    await page.getByRole('button', { name: `Make ${ann.name} an admin` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${ann.name} is now an admin.` })
      .waitFor();
    await userRow(page, ann.email).getByRole('cell', { name: 'admin', exact: true }).waitFor();
    expect((await models.User.findOne({ where: { email: ann.email } }))?.role).toBe('admin');
    await page.getByRole('button', { name: `Make ${ann.name} a member` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${ann.name} is now a member.` })
      .waitFor();

    // Demoting the only admin left is refused, and the refusal is shown, not swallowed.
    await page.getByRole('button', { name: `Make ${admin.name} a member` }).click();
    await page
      .getByRole('group', { name: /Make yourself a member/ })
      .getByRole('button', { name: 'Make member' })
      .click();
    await page
      .getByRole('alert')
      .filter({ hasText: `Could not change ${admin.name}'s role: This is the last active admin` })
      .waitFor();
    expect((await models.User.findOne({ where: { email: admin.email } }))?.role).toBe('admin');
    await screenshot(page, 'admin-last-admin-refused');

    // Disabling asks first, then ends Ann's session at once and keeps her out.
    await page.getByRole('button', { name: `Disable ${ann.name}` }).click();
    await page
      .getByRole('group', { name: /Disable Ann Member\?/ })
      .getByRole('button', { name: 'Disable' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `${ann.name} is disabled and signed out everywhere.` })
      .waitFor();
    await userRow(page, ann.email).getByText('disabled', { exact: true }).waitFor();
    const disabled = await models.User.findOne({ where: { email: ann.email } });
    expect(disabled?.disabledAt).not.toBeNull();
    expect(await models.Session.count({ where: { userId: disabled!.id } })).toBe(0);

    await annPage.reload();
    await annPage.getByRole('heading', { name: 'Sign in to Workflow Agent' }).waitFor();
    await annPage.getByLabel('Email').fill(ann.email);
    await annPage.getByLabel('Password').fill(ann.password);
    await annPage.getByRole('button', { name: 'Sign in' }).click();
    await annPage.getByRole('alert').filter({ hasText: 'This account is disabled' }).waitFor();

    // The audit log shows each of those changes; filtering by action leaves only that one.
    await page.getByRole('tab', { name: 'Audit log' }).click();
    const rows = page.locator('.audit-table tbody tr');
    await rows.filter({ hasText: 'user.disable' }).waitFor();
    for (const action of ['user.create', 'user.change_role', 'user.disable'])
      expect(await rows.filter({ hasText: action }).count()).toBeGreaterThan(0);
    expect(await rows.filter({ hasText: 'user.change_role' }).count()).toBe(2);
    const unfiltered = await rows.count();
    await page.getByLabel('Action', { exact: true }).fill('user.disable');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^1 entry$/ })
      .waitFor();
    expect(await rows.count()).toBe(1);
    expect(unfiltered).toBeGreaterThan(1);
    await rows.filter({ hasText: ann.email }).filter({ hasText: admin.name }).waitFor();
    await screenshot(page, 'admin-audit');
  },
);

it('pages through the audit log and filters it by resource type, actor and date', { timeout: 120_000 }, async () => {
  const models = stack.api.services.models;
  const adminUser = await models.User.findOne({ where: { email: admin.email } });
  const resourceId = crypto.randomUUID();
  await models.AuditLog.bulkCreate(
    Array.from({ length: 30 }, (_, i) => ({
      actorId: adminUser!.id,
      action: 'test.bulk',
      resourceType: 'test_thing',
      resourceId,
      details: { index: i },
    })),
  );

  const page = await stack.newPage();
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/admin?tab=audit`);
  const rows = page.locator('.audit-table tbody tr');
  await page.getByLabel('Resource type', { exact: true }).fill('test_thing');
  await page.getByLabel('Actor', { exact: true }).selectOption({ label: `${admin.name} (${admin.email})` });
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '25 entries shown; more below' }).waitFor();
  await page.getByRole('button', { name: 'Load more' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^30 entries$/ })
    .waitFor();
  expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  expect(await rows.filter({ hasText: '{"index":0}' }).count()).toBe(1);

  // A range that ended yesterday holds none of today's entries.
  const yesterday = new Date(Date.now() - 86_400_000);
  const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`;
  await page.getByLabel('To', { exact: true }).fill(day);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByText('No entries match these filters.').waitFor();
  // Cleared, the newest page is the 30 entries above; the rest of the log follows them.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  expect(await page.getByLabel('Resource type', { exact: true }).inputValue()).toBe('');
  await page.getByRole('button', { name: 'Load more' }).click();
  await rows.filter({ hasText: 'user.create' }).first().waitFor();
});

it('reads on a phone without sideways scrolling', { timeout: 120_000 }, async () => {
  const page = await stack.newPage({ width: 390, height: 844 });
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/admin`);
  await userRow(page, admin.email).waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'admin-users-phone');
  await page.getByRole('tab', { name: 'Audit log' }).click();
  await page.locator('.audit-table tbody tr').first().waitFor();
  await expectNoHorizontalScroll(page);
  await screenshot(page, 'admin-audit-phone');
});

it('shows a member the not-found page at /admin', async () => {
  const member = { email: 'bob@example.com', password: 'another long password' };
  const page = await stack.newPage();
  await signIn(page, stack.url);
  await page.goto(`${stack.url}/admin`);
  const form = page.getByRole('form', { name: 'Create a user' });
  await form.getByLabel('Name').fill('Bob');
  await form.getByLabel('Email').fill(member.email);
  await form.getByLabel('First password').fill(member.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await userRow(page, member.email).waitFor();

  const memberPage = await stack.newPage();
  await signIn(memberPage, stack.url, member.email, member.password);
  expect(await memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(
    0,
  );
  await memberPage.goto(`${stack.url}/admin`);
  await memberPage.getByRole('heading', { name: 'Page not found' }).waitFor();
  expect(await memberPage.getByRole('heading', { name: 'Administration' }).count()).toBe(0);
});
