import {
  asks,
  configMentions,
  emailsTo,
  errorRoute,
  handlesNoFailure,
  hasLoop,
  hasTypes,
  keepsEarlierNodes,
  loopContinuesOnFailure,
  loopsOver,
  neverContains,
  nodeCount,
  noLoop,
  onErrorContinue,
  overlap,
  runsBefore,
  trigger,
  type Check,
} from './eval-checks';

export interface EvalCase {
  id: string;
  /** Each turn: what the person says, and what the outcome must satisfy. */
  turns: Array<{ say: string; expect: Check[] }>;
}

/** The connectors every eval conversation has (names, types and ids only, as in the app). */
export const evalConnectors = [
  { id: '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d01', name: 'Billing API (https://billing.acme.test)', type: 'http' },
  { id: '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d02', name: 'Company mail', type: 'smtp' },
  { id: '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d03', name: 'Finance Google account', type: 'google_sheets' },
];

const one = (id: string, say: string, ...expect: Check[]): EvalCase => ({ id, turns: [{ say, expect }] });

export const evalCases: EvalCase[] = [
  one(
    'invoice-digest',
    'Every weekday at 9, fetch open invoices from our billing API and email a summary to finance@acme.test.',
    trigger('cron', '0 9 * * 1-5'),
    hasTypes('http_request', 'send_email'),
    emailsTo('finance@acme.test'),
    runsBefore('http_request', 'send_email'),
    // One summary: neither a loop nor failure handling was asked for.
    noLoop,
    handlesNoFailure,
  ),
  one(
    'invoice-digest-sheet',
    'Every weekday at 9, fetch open invoices from the billing API, email a summary to finance@acme.test and append them to spreadsheet 1AbCdEfGh range Invoices!A:D.',
    trigger('cron', '0 9 * * 1-5'),
    hasTypes('http_request', 'send_email', 'google_sheets'),
    runsBefore('http_request', 'google_sheets'),
    configMentions('google_sheets', '1AbCdEfGh'),
  ),
  one(
    'webhook-lead',
    'When our website posts a new lead to a webhook, email sales@acme.test with the lead name and company.',
    trigger('webhook'),
    hasTypes('send_email'),
    emailsTo('sales@acme.test'),
    configMentions('send_email', 'trigger'),
  ),
  one(
    'manual-ping',
    'A workflow I can run by hand that calls https://status.acme.test/health and tells me the status code.',
    trigger('manual'),
    hasTypes('http_request'),
    configMentions('http_request', 'status.acme.test'),
  ),
  one(
    'hourly-check',
    'Every hour, GET https://api.acme.test/queue/depth and if the depth is over 100 email ops@acme.test.',
    trigger('cron', '0 * * * *'),
    hasTypes('http_request', 'condition', 'send_email'),
    runsBefore('condition', 'send_email'),
    emailsTo('ops@acme.test'),
  ),
  one(
    'monthly-report',
    'On the first day of every month at 8:00 UTC, read the range Summary!A1:F20 of spreadsheet 1ReportSheet and email it to board@acme.test.',
    trigger('cron', '0 8 1 * *'),
    hasTypes('google_sheets', 'send_email'),
    runsBefore('google_sheets', 'send_email'),
    emailsTo('board@acme.test'),
  ),
  one(
    'approval-refund',
    'When a refund request arrives by webhook, ask a manager to approve it, and if approved call POST https://billing.acme.test/refunds with the order id.',
    trigger('webhook'),
    hasTypes('approval', 'http_request'),
    runsBefore('approval', 'http_request'),
  ),
  one(
    'delay-followup',
    'When someone signs up (webhook), wait 2 days and then email them a follow-up at their address from the payload.',
    trigger('webhook'),
    hasTypes('delay', 'send_email'),
    runsBefore('delay', 'send_email'),
  ),
  one(
    'llm-summary',
    "Every Monday at 7, fetch last week's support tickets from https://support.acme.test/api/tickets?since=7d, have the AI summarise them, and email the summary to support-leads@acme.test.",
    trigger('cron', '0 7 * * 1'),
    hasTypes('http_request', 'llm', 'send_email'),
    runsBefore('llm', 'send_email'),
    emailsTo('support-leads@acme.test'),
  ),
  one(
    'parallel-notify',
    'When an order webhook arrives, at the same time email warehouse@acme.test and append the order to spreadsheet 1Orders range Orders!A:E.',
    trigger('webhook'),
    hasTypes('send_email', 'google_sheets'),
    emailsTo('warehouse@acme.test'),
  ),
  one('missing-recipient', 'Every weekday at 9, email the list of open invoices.', asks),
  one('missing-sheet', 'Append every new lead from the webhook to our leads spreadsheet.', asks),
  one('missing-url', 'Every hour, check our API and alert me if it is down.', asks),
  one(
    'timezone',
    'Every day at 18:30 Paris time, fetch https://api.acme.test/daily and email it to me@acme.test.',
    trigger('cron', '30 18 * * *'),
    configMentions('send_email', 'me@acme.test'),
  ),
  one(
    'weekend',
    'Every Saturday and Sunday at 10, call https://api.acme.test/weekend-job.',
    trigger('cron', '0 10 * * 0,6'),
    hasTypes('http_request'),
  ),
  one(
    'every-15',
    'Every 15 minutes during office hours (9 to 17, weekdays) call https://api.acme.test/sync.',
    trigger('cron', '*/15 9-17 * * 1-5'),
    hasTypes('http_request'),
  ),
  one(
    'transform-total',
    'Manually: fetch https://billing.acme.test/invoices, compute the total amount and the number of invoices, and email both to cfo@acme.test.',
    hasTypes('http_request', 'transform', 'send_email'),
    runsBefore('transform', 'send_email'),
    emailsTo('cfo@acme.test'),
  ),
  one(
    'condition-branches',
    'When a payment webhook arrives, if the amount is above 1000 email fraud@acme.test, otherwise append it to spreadsheet 1Payments range Payments!A:C.',
    trigger('webhook'),
    hasTypes('condition', 'send_email', 'google_sheets'),
  ),
  one(
    'slack-like-http',
    'When a deploy webhook arrives, POST a message with the version to https://hooks.chat.acme.test/deploys.',
    trigger('webhook'),
    hasTypes('http_request'),
    configMentions('http_request', 'POST'),
  ),
  one(
    'use-connector',
    'Every night at 2, fetch /invoices/overdue from the Billing API connector and email the count to collections@acme.test.',
    trigger('cron', '0 2 * * *'),
    hasTypes('http_request', 'send_email'),
    configMentions('http_request', '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d01'),
  ),
  one(
    'no-secrets',
    'Call https://api.acme.test/report with the API key sk-live-123 every morning at 6 and email the result to me@acme.test.',
    neverContains('sk-live-123'),
  ),
  one(
    'approval-timeout',
    'When an expense webhook arrives, ask for approval and give the approver 2 days; if nobody answers, reject it and email the requester at the address in the payload.',
    hasTypes('approval', 'send_email'),
  ),
  one(
    'simple-transform',
    'A manual workflow that takes a name and an email from the input and builds a greeting text.',
    trigger('manual'),
    hasTypes('transform'),
    nodeCount(1, 2),
  ),
  one(
    'two-recipients',
    'Every Friday at 16:00 email the weekly KPIs from https://kpi.acme.test/weekly to ceo@acme.test and cc cfo@acme.test.',
    trigger('cron', '0 16 * * 5'),
    emailsTo('ceo@acme.test', 'cfo@acme.test'),
  ),
  one(
    'read-then-llm',
    'Manually: read range Feedback!A:B of spreadsheet 1Feedback and ask the AI to list the top 3 complaints.',
    hasTypes('google_sheets', 'llm'),
    runsBefore('google_sheets', 'llm'),
  ),
  // Loops, error routes and onError (author-v2).
  one(
    'loop-invoices-email',
    'Every weekday at 9, fetch the open invoices from the billing API (GET /invoices?status=open answers {"invoices": [{"number", "amount", "customerEmail"}]}) and email each invoice\'s customer a reminder with its number and amount.',
    trigger('cron', '0 9 * * 1-5'),
    hasLoop('send_email'),
    loopsOver('http_request'),
    configMentions('send_email', 'item'),
  ),
  one(
    'loop-sheet-crm',
    'Manually: read the rows of range Leads!A:C of spreadsheet 1Leads (name, email, company), and for each row POST it as a contact to https://crm.acme.test/api/contacts. Continue with the other rows when one fails.',
    trigger('manual'),
    hasLoop('http_request'),
    loopsOver('google_sheets'),
    loopContinuesOnFailure,
    configMentions('http_request', 'crm.acme.test'),
  ),
  one(
    'loop-webhook-orders',
    'When an order batch webhook arrives (its "orders" list has id, customer and total), for each order over 500 email sales@acme.test the customer and total.',
    trigger('webhook'),
    hasLoop('condition', 'send_email'),
    emailsTo('sales@acme.test'),
  ),
  one(
    'error-route-alert',
    'Every hour, POST https://erp.acme.test/sync, then refresh the dashboard with POST https://erp.acme.test/dashboard/refresh. If the sync call fails, email ops@acme.test the error and carry on with the refresh.',
    trigger('cron', '0 * * * *'),
    errorRoute('http_request', 'send_email'),
    onErrorContinue('erp.acme.test/sync'),
    emailsTo('ops@acme.test'),
    configMentions('send_email', 'error'),
  ),
  one(
    'on-error-continue',
    'Every night at 1, call https://cache.acme.test/warm (it sometimes fails; ignore that), then GET https://api.acme.test/nightly-report and email it to reports@acme.test.',
    trigger('cron', '0 1 * * *'),
    onErrorContinue('cache.acme.test'),
    runsBefore('http_request', 'send_email'),
    emailsTo('reports@acme.test'),
  ),
  one(
    'overlap-buffer',
    'Every 5 minutes, POST https://erp.acme.test/import. An import can take longer than 5 minutes: then the next one should wait for it and start right after, not run at the same time.',
    trigger('cron', '*/5 * * * *'),
    hasTypes('http_request'),
    overlap('buffer_one'),
  ),
  {
    id: 'refine-add-error-route',
    turns: [
      {
        say: 'Every weekday at 7, GET https://api.acme.test/export and email it to data@acme.test.',
        expect: [trigger('cron', '0 7 * * 1-5'), emailsTo('data@acme.test'), handlesNoFailure],
      },
      {
        say: 'If the export call fails, email ops@acme.test with the error instead.',
        expect: [
          errorRoute('http_request', 'send_email'),
          emailsTo('data@acme.test', 'ops@acme.test'),
          keepsEarlierNodes,
        ],
      },
    ],
  },
  {
    id: 'refine-time',
    turns: [
      {
        say: 'Every weekday at 9, fetch https://billing.acme.test/open and email it to finance@acme.test.',
        expect: [trigger('cron', '0 9 * * 1-5'), emailsTo('finance@acme.test')],
      },
      {
        say: 'Make it 8 instead of 9.',
        expect: [trigger('cron', '0 8 * * 1-5'), keepsEarlierNodes, emailsTo('finance@acme.test')],
      },
    ],
  },
  {
    id: 'refine-add-sheet',
    turns: [
      {
        say: 'When a webhook arrives with an order, email orders@acme.test.',
        expect: [trigger('webhook'), emailsTo('orders@acme.test')],
      },
      {
        say: 'Also append each order to spreadsheet 1Orders range Orders!A:D.',
        expect: [hasTypes('send_email', 'google_sheets'), keepsEarlierNodes],
      },
    ],
  },
  {
    id: 'refine-add-recipient',
    turns: [
      {
        say: 'Every Monday at 9 email the report from https://api.acme.test/report to a@acme.test.',
        expect: [emailsTo('a@acme.test')],
      },
      {
        say: 'Also send it to b@acme.test.',
        expect: [emailsTo('a@acme.test', 'b@acme.test'), keepsEarlierNodes, trigger('cron', '0 9 * * 1')],
      },
    ],
  },
  {
    id: 'question-then-spec',
    turns: [
      { say: 'Every weekday at 9, email the open invoices.', expect: [asks] },
      {
        say: 'Send them to finance@acme.test, from the billing API connector, path /invoices?status=open.',
        expect: [trigger('cron', '0 9 * * 1-5'), emailsTo('finance@acme.test'), hasTypes('http_request')],
      },
    ],
  },
  {
    id: 'refine-add-approval',
    turns: [
      {
        say: 'When a purchase request webhook arrives, POST it to https://erp.acme.test/purchases.',
        expect: [trigger('webhook'), hasTypes('http_request')],
      },
      {
        say: 'Before posting, ask a manager to approve it.',
        expect: [hasTypes('approval', 'http_request'), runsBefore('approval', 'http_request'), keepsEarlierNodes],
      },
    ],
  },
  // Cases whose templates compute on what an API answers: valid specs that a test run (decision
  // 0011) can still fail, on a number treated as text or a list treated as an object.
  one(
    'total-over-threshold',
    'Every day at 7, fetch the open invoices from the billing API and, if their amounts add up to more than 10000, email the total to cfo@acme.test.',
    trigger('cron', '0 7 * * *'),
    hasTypes('http_request', 'condition', 'send_email'),
    emailsTo('cfo@acme.test'),
  ),
  one(
    'ship-each-order',
    'Every hour, get the paid orders from https://shop.acme.test/orders?status=paid and POST each order id to https://warehouse.acme.test/ship.',
    trigger('cron', '0 * * * *'),
    hasLoop('http_request'),
    configMentions('http_request', 'warehouse.acme.test/ship'),
  ),
  one(
    'summarise-tickets',
    "Every Friday at 16, fetch this week's support tickets from https://help.acme.test/tickets?week=current, have the LLM summarise their subjects in five bullet points, and email the summary to support-leads@acme.test.",
    trigger('cron', '0 16 * * 5'),
    hasTypes('http_request', 'llm', 'send_email'),
    runsBefore('llm', 'send_email'),
    emailsTo('support-leads@acme.test'),
  ),
];
