import { describe, expect, it } from 'vitest';
import { checkReplyClaims } from './reply-claims';
import type { SpecNode, WorkflowSpec } from './spec.schema';

const smtp = '22222222-2222-4222-8222-222222222222';
const http = '11111111-1111-4111-8111-111111111111';

const fetchOrders: SpecNode = {
  id: 'fetch',
  type: 'http_request',
  name: 'Fetch open orders',
  config: { method: 'GET', url: 'https://shop.example.com/api/orders?status=open', headers: [], timeoutSeconds: 30 },
};
const summarise: SpecNode = {
  id: 'summarise',
  type: 'transform',
  name: 'Summarise',
  config: { fields: [{ name: 'count', value: '{{ length(nodes.fetch.body) }}' }] },
};
const check: SpecNode = {
  id: 'check',
  type: 'condition',
  name: 'Any orders?',
  config: { expression: 'nodes.summarise.count > 0' },
};
const email = (to: string[], cc: string[] = []): SpecNode => ({
  id: 'notify',
  type: 'send_email',
  name: 'Email the team',
  config: { connectorId: smtp, to, cc, subject: 'Open orders', text: '{{ nodes.summarise.count }} open' },
});
const wait: SpecNode = { id: 'wait', type: 'delay', name: 'Wait 10 minutes', config: { seconds: 600 } };
const approval: SpecNode = {
  id: 'approve',
  type: 'approval',
  name: 'Manager approves',
  config: { message: 'Send it?', timeoutMinutes: 60, onTimeout: 'reject' },
};
const post = (url: string, method: 'GET' | 'POST' = 'POST', connectorId?: string): SpecNode => ({
  id: 'push',
  type: 'http_request',
  name: 'Push to the ERP',
  config: { method, url, headers: [], timeoutSeconds: 30, ...(connectorId ? { connectorId } : {}) },
});

const spec = (...nodes: SpecNode[]): WorkflowSpec => ({ trigger: { type: 'manual' }, nodes, edges: [] });
/** The current workflow most tests change: fetch → summarise → check → wait → email ops. */
const current = spec(fetchOrders, summarise, check, wait, email(['ops@acme.test']));
const renamed = (node: SpecNode, name: string): SpecNode => ({ ...node, name });
const messages = (reply: string, before: WorkflowSpec | null, after: WorkflowSpec) =>
  checkReplyClaims(reply, before, after).map((w) => w.message);

describe('a reply that agrees with the change', () => {
  it.each([
    ['I added an approval step before the email, so a manager signs off first.', [...current.nodes, approval]],
    ['I removed the 10-minute delay; the email now goes out right away.', current.nodes.filter((n) => n !== wait)],
    ['The delay has been removed.', current.nodes.filter((n) => n !== wait)],
    ['It no longer waits before emailing.', current.nodes.filter((n) => n !== wait)],
    [
      'I renamed “Summarise” to “Count orders”.',
      current.nodes.map((n) => (n === summarise ? renamed(n, 'Count orders') : n)),
    ],
    [
      'It now sends a POST to /api/orders/{id} on the ERP.',
      [...current.nodes, post('https://erp.acme.test/api/orders/{{ trigger.id }}')],
    ],
    [
      'Emails now go to finance@acme.test, with ops@acme.test in copy.',
      [...current.nodes.slice(0, 4), email(['finance@acme.test'], ['ops@acme.test'])],
    ],
    [
      'Added a new approval step and a second email to finance@acme.test.',
      [...current.nodes, approval, { ...email(['finance@acme.test']), id: 'notify_finance' }],
    ],
  ])('%s', (reply, nodes) => {
    expect(checkReplyClaims(reply, current, spec(...nodes))).toEqual([]);
  });

  it('for a new workflow, checks "added" against the whole proposal', () => {
    const reply =
      'This new workflow fetches open orders from https://shop.example.com/api/orders, adds a condition and a delay, and emails ops@acme.test.';
    expect(checkReplyClaims(reply, null, current)).toEqual([]);
    expect(checkReplyClaims('I added an approval step.', null, spec(approval))).toEqual([]);
  });

  it('says nothing about what the reply only hints at', () => {
    for (const reply of [
      'I made a few tweaks so it runs more smoothly.',
      'I added a step after the approval.', // the approval is where it goes, not what was added
      'I added the email address of the finance team.',
      'I removed the email from the loop.', // moved, not removed
      'The email step was added to the loop.',
      'The false branch was removed.',
      'Added a new column to the sheet.',
      'I added a condition to the email subject.', // part of a node, not a node
      'I removed the delay between retries.',
      'I removed the branch that did nothing.', // a path out of the condition
      'I added a branch for big orders.', // a path, or a condition: the proposal has one
      'See https://docs.example.com/orders for the API.',
      'Start it with a POST to /hooks/3f1c0a7e-0000-4000-8000-000000000000.',
      'Contact admin@acme.test if something looks wrong.',
    ])
      expect(checkReplyClaims(reply, current, current), reply).toEqual([]);
  });
});

describe('a reply that disagrees with the change', () => {
  const same = current;
  it.each([
    [
      'I added an approval step before the email.',
      'The reply says an approval step was added, but the proposal has no approval node.',
    ],
    [
      'I added an email to finance.',
      'The reply says an email step was added, but the proposal adds no send email node.',
    ],
    [
      'I added an API call to the ERP.',
      'The reply says an HTTP request was added, but the proposal adds no HTTP request node.',
    ],
    [
      'Added a Google Sheets step that appends each order.',
      'The reply says a Google Sheets step was added, but the proposal has no Google Sheets node.',
    ],
    [
      'I added an AI summary of the orders.',
      'The reply says a model (LLM) step was added, but the proposal has no LLM node.',
    ],
    [
      'Added a for-each loop over the orders.',
      'The reply says a loop was added, but the proposal has no for each node.',
    ],
    [
      'I added a condition for big orders.',
      'The reply says a condition was added, but the proposal adds no condition node.',
    ],
    [
      'I added a 1-hour wait before the email.',
      'The reply says a delay was added, but the proposal adds no delay node.',
    ],
    ['I removed the delay.', 'The reply says the delay was removed, but the proposal still has it.'],
    ['It no longer has a condition.', 'The reply says the condition was removed, but the proposal still has it.'],
    ['Dropped the transform step.', 'The reply says the transform step was removed, but the proposal still has it.'],
    ['I got rid of the HTTP request.', 'The reply says the HTTP request was removed, but the proposal still has it.'],
    ['Delay removed.', 'The reply says the delay was removed, but the proposal still has it.'],
    [
      'I renamed “Summarise” to “Count orders”.',
      'The reply says “Summarise” was renamed to “Count orders”, but no node in the proposal is called that.',
    ],
    [
      'It now sends a POST to /invoices.',
      'The reply mentions POST to /invoices, but no HTTP request in the proposal calls a URL with /invoices.',
    ],
    [
      'It now fetches from https://shop.example.org/api/orders.',
      'The reply mentions https://shop.example.org/api/orders, but no HTTP request in the proposal calls https://shop.example.org/api/orders.',
    ],
    [
      'It now sends a POST request to https://shop.example.com/api/orders.',
      'The reply mentions POST to https://shop.example.com/api/orders, but the HTTP request that calls it uses GET.',
    ],
    [
      'The summary is now sent to finance@acme.test.',
      'The reply says emails go to finance@acme.test, but no send email node sends to it.',
    ],
  ])('%s', (reply, message) => {
    expect(messages(reply, current, same)).toEqual([message]);
  });

  it('says an added node is not new when the current spec already had it', () => {
    const withApproval = spec(...current.nodes, approval);
    expect(messages('I added an approval step.', withApproval, withApproval)).toEqual([
      'The reply says an approval step was added, but the proposal adds no approval node.',
    ]);
  });

  it('holds "a branch" only against the proposal having a condition', () => {
    const noCondition = spec(fetchOrders, email(['ops@acme.test']));
    expect(messages('I added a branch for big orders.', noCondition, noCondition)).toEqual([
      'The reply says a condition was added, but the proposal has no condition node.',
    ]);
  });

  it('says a renamed node is still there under its old name', () => {
    const both = spec(...current.nodes, { ...renamed(summarise, 'Count orders'), id: 'count' });
    expect(messages('Renamed "Summarise" to "Count orders".', current, both)).toEqual([
      'The reply says “Summarise” was renamed to “Count orders”, but the proposal still has a node called “Summarise”.',
    ]);
  });

  it('quotes the reply’s own words for each claim', () => {
    expect(checkReplyClaims('I’ve added a 5-minute delay and an approval step.', current, current)).toEqual([
      {
        claim: 'added a 5-minute delay',
        message: 'The reply says a delay was added, but the proposal adds no delay node.',
      },
      {
        claim: 'added an approval step',
        message: 'The reply says an approval step was added, but the proposal has no approval node.',
      },
    ]);
  });

  it('for a new workflow, says what it lacks or still has', () => {
    expect(messages('I added an approval step, then removed the delay.', null, current)).toEqual([
      'The reply says an approval step was added, but the proposal has no approval node.',
      'The reply says the delay was removed, but the proposal still has it.',
    ]);
  });
});

describe('negations, questions and offers', () => {
  it.each([
    'I did not add an approval step.',
    "I didn't add an approval step, as you asked.",
    'No approval step was added.',
    'There is no new approval step.',
    'Should I add an approval step?',
    'If you like, I can add an approval step before the email.',
    'Let me know if you want me to remove the delay.',
    'You could also drop the condition.',
    'Instead of removing the delay, I shortened it to 5 minutes.',
    'I kept the delay rather than removing it.',
    'It already has an approval step.',
  ])('%s', (reply) => {
    expect(checkReplyClaims(reply, current, current)).toEqual([]);
  });

  it('reads "no longer" and "without" in their own sense', () => {
    const noDelay = spec(...current.nodes.filter((n) => n !== wait));
    expect(messages('It no longer waits 10 minutes before emailing.', current, noDelay)).toEqual([]);
    expect(messages('It no longer waits 10 minutes before emailing.', current, current)).toEqual([
      'The reply says the delay was removed, but the proposal still has it.',
    ]);
    expect(messages('I added an approval step without a delay.', current, spec(...current.nodes, approval))).toEqual(
      [],
    );
    expect(messages('It no longer waits for approval.', spec(...current.nodes, approval), current)).toEqual([]);
  });

  it('checks only the address a reply says now receives the email', () => {
    const reply = 'It emails finance@acme.test instead of ops@acme.test.';
    const toFinance = spec(...current.nodes.slice(0, 4), email(['finance@acme.test']));
    expect(messages(reply, current, toFinance)).toEqual([]);
    expect(messages(reply, current, current)).toEqual([
      'The reply says emails go to finance@acme.test, but no send email node sends to it.',
    ]);
    expect(messages('Emails no longer go to finance@acme.test.', current, current)).toEqual([]);
    expect(messages('The email is sent from noreply@acme.test.', current, current)).toEqual([]);
  });

  it('leaves a URL the reply says is no longer called alone', () => {
    expect(messages('It no longer calls /orders.', current, current)).toEqual([]);
    expect(messages('I changed the URL from /v1/orders to /api/orders.', current, current)).toEqual([]);
  });
});

describe('URLs and recipients with templates', () => {
  const lines = spec(post('https://erp.acme.test/api/orders/{{ trigger.orderId }}/lines'));

  it.each([
    'It now sends a POST to /api/orders/123/lines.',
    'It now sends a POST to https://erp.acme.test/api/orders/{{ trigger.orderId }}/lines.',
    'It POSTs to /api/orders/:id/lines.',
    'It now calls https://erp.acme.test.',
  ])('%s', (reply) => {
    expect(messages(reply, null, lines)).toEqual([]);
  });

  it('compares the literal parts', () => {
    expect(messages('It now sends a POST to /api/invoices.', null, lines)).toEqual([
      'The reply mentions POST to /api/invoices, but no HTTP request in the proposal calls a URL with /api/invoices.',
    ]);
    expect(messages('It now calls https://erp.acme.org/api/orders/1/lines.', null, lines)).toHaveLength(1);
  });

  it('lets a connector’s base URL carry the front of the path', () => {
    const viaConnector = spec(post('/orders', 'POST', http));
    expect(messages('It now POSTs to https://api.acme.test/v2/orders.', null, viaConnector)).toEqual([]);
    expect(messages('It now POSTs to /v2/invoices.', null, viaConnector)).toHaveLength(1);
  });

  it('treats a templated recipient as every address it can be', () => {
    const customers = spec(email(['{{ trigger.customer }}@acme.test'], ['Finance <finance@acme.test>']));
    expect(messages('It emails bob@acme.test and copies finance@acme.test.', null, customers)).toEqual([]);
    expect(messages('It emails bob@other.test.', null, customers)).toEqual([
      'The reply says emails go to bob@other.test, but no send email node sends to it.',
    ]);
  });
});

describe('case', () => {
  it('does not matter in the reply’s words, names, paths or addresses', () => {
    const after = spec(
      ...current.nodes.filter((n) => n !== wait).map((n) => (n === summarise ? renamed(n, 'Count Orders') : n)),
      approval,
    );
    const reply = [
      'ADDED AN APPROVAL STEP.',
      'Removed The Delay.',
      'Renamed “summarise” to “count orders”.',
      'It still GETs /API/Orders.',
      'It now sends a GET request to /API/ORDERS.',
      'Emails go to OPS@Acme.Test.',
    ].join(' ');
    expect(checkReplyClaims(reply, current, after)).toEqual([]);
    expect(messages('ADDED A LOOP.', current, after)).toEqual([
      'The reply says a loop was added, but the proposal has no for each node.',
    ]);
  });
});

describe('a long, realistic reply', () => {
  const reply = `Sure! I've updated the workflow so that large orders get a human check before anyone is emailed.

Here's what changed:
- Added an approval step ("Manager approves") right after the condition, so a manager signs off on orders over 1,000.
- Removed the 10-minute delay, since the approval already gives the team time.
- Renamed "Summarise" to "Count orders" so it is clearer in the run history.
- The summary email now goes to finance@acme.test, with ops@acme.test in copy.
- It also sends a POST to https://erp.acme.test/api/orders/{orderId}/approved once the manager approves.

I didn't add a Google Sheets step; tell me if you want the approved orders logged in a spreadsheet too. Would you like a reminder if nobody approves within an hour?`;

  const agreeing = spec(
    fetchOrders,
    renamed(summarise, 'Count orders'),
    check,
    approval,
    email(['finance@acme.test'], ['ops@acme.test']),
    post('https://erp.acme.test/api/orders/{{ trigger.orderId }}/approved'),
  );

  it('gives no warning when the proposal does all it says', () => {
    expect(checkReplyClaims(reply, current, agreeing)).toEqual([]);
  });

  it('names each claim the proposal leaves out', () => {
    const forgetful = spec(fetchOrders, summarise, check, wait, email(['finance@acme.test'], ['ops@acme.test']));
    expect(messages(reply, current, forgetful)).toEqual([
      'The reply says an approval step was added, but the proposal has no approval node.',
      'The reply says the delay was removed, but the proposal still has it.',
      'The reply says “Summarise” was renamed to “Count orders”, but no node in the proposal is called that.',
      'The reply mentions POST to https://erp.acme.test/api/orders/{orderId}/approved, but no HTTP request in the proposal calls https://erp.acme.test/api/orders/{orderId}/approved.',
    ]);
  });
});
