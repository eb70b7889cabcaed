import type { z } from 'zod';
import type { workflowSpecSchema } from '../../../core/spec/spec.schema';

/** A spec as written (defaults left out), the way the model should write one. */
type WrittenSpec = z.input<typeof workflowSpecSchema>;

// The worked examples author-v2 shows the model. Connector ids are placeholders in the prompt
// (the model must use the person's own); the test fills in real ids and validates each example,
// so the prompt never teaches a spec the validator would refuse.

/** Connector ids to put in the examples: placeholders in the prompt, real ids in the test. */
export interface ExampleConnectorIds {
  http: string;
  smtp: string;
}

export const placeholderConnectorIds: ExampleConnectorIds = {
  http: '<id of an http connector>',
  smtp: '<id of an smtp connector>',
};

/** "For each open invoice, look up its customer and email them", then a summary after the loop. */
export const loopExample = (ids: ExampleConnectorIds) =>
  ({
    trigger: { type: 'cron', cron: '0 9 * * 1-5' },
    nodes: [
      {
        id: 'fetch',
        type: 'http_request',
        name: 'Fetch open invoices',
        config: { connectorId: ids.http, url: '/invoices?status=open' },
      },
      {
        id: 'each_invoice',
        type: 'for_each',
        name: 'Each invoice',
        config: { items: '{{ nodes.fetch.body.invoices }}', concurrency: 5, onItemError: 'continue' },
      },
      {
        id: 'customer',
        type: 'http_request',
        name: 'Look up the customer',
        loop: 'each_invoice',
        config: { connectorId: ids.http, url: '/customers/{{ item.customerId }}' },
      },
      {
        id: 'email',
        type: 'send_email',
        name: 'Email the customer',
        loop: 'each_invoice',
        config: {
          connectorId: ids.smtp,
          to: ['{{ nodes.customer.body.email }}'],
          subject: 'Invoice {{ item.number }} is open',
          text: 'Dear {{ nodes.customer.body.name }}, invoice {{ item.number }} ({{ item.amount }}) is still open.',
        },
      },
      {
        id: 'summary',
        type: 'transform',
        name: 'Summarise',
        config: {
          fields: [
            { name: 'sent', value: '{{ nodes.each_invoice.succeeded }}' },
            { name: 'errors', value: "{{ pluck(where(nodes.each_invoice.results, 'status', 'failed'), 'error') }}" },
          ],
        },
      },
    ],
    edges: [
      ['fetch', 'each_invoice'],
      ['customer', 'email'],
      ['each_invoice', 'summary'],
    ],
  }) satisfies WrittenSpec;

/** "If the sync call fails, email ops and carry on": an error edge and onError "continue". */
export const errorRouteExample = (ids: ExampleConnectorIds) =>
  ({
    trigger: { type: 'cron', cron: '0 * * * *' },
    nodes: [
      {
        id: 'sync',
        type: 'http_request',
        name: 'Sync orders',
        onError: 'continue',
        config: { connectorId: ids.http, method: 'POST', url: '/sync' },
      },
      {
        id: 'alert',
        type: 'send_email',
        name: 'Alert ops',
        config: {
          connectorId: ids.smtp,
          to: ['ops@example.test'],
          subject: 'Order sync failed',
          text: '{{ nodes.sync.error.message }} (after {{ nodes.sync.error.attempts }} attempts)',
        },
      },
      {
        id: 'report',
        type: 'http_request',
        name: 'Refresh the report',
        config: { connectorId: ids.http, method: 'POST', url: '/reports/orders/refresh' },
      },
    ],
    edges: [
      ['sync', 'alert', 'error'],
      ['sync', 'report'],
    ],
  }) satisfies WrittenSpec;
