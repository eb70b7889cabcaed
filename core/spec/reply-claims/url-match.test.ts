import { expect, it } from 'vitest';
import { urlMatches } from './url-match';

it.each([
  ['/orders', 'https://shop.example.com/api/orders?status=open'],
  ['/api/orders', 'https://shop.example.com/api/orders/{{ trigger.id }}'],
  ['/api/orders/123/lines', 'https://shop.example.com/api/orders/{{ trigger.id }}/lines'],
  ['/api/orders/{id}/lines', 'https://shop.example.com/api/orders/{{ trigger.id }}/lines'],
  ['/api/orders/:id', 'https://shop.example.com/api/orders/{{ trigger.id }}'],
  ['https://shop.example.com/api/orders/{{ trigger.id }}', 'https://shop.example.com/api/orders/{{ trigger.id }}'],
  ['https://www.shop.example.com/orders', 'https://shop.example.com/orders'],
  ['https://shop.example.com', 'https://shop.example.com/api/orders'],
  ['/orders', 'https://shop.example.com/orders.json'],
  ['/Orders', 'https://shop.example.com/orders'],
  ['/orders/open', 'https://shop.example.com/orders/{{ trigger.state }}-only/open'],
  ['/invoice-17', 'https://shop.example.com/invoice-{{ trigger.n }}'],
  // relative to a connector's base URL, whose path the reply may include
  ['https://api.acme.test/v2/orders', '/orders'],
  ['/base/orders', '/orders'],
  // a URL that is all template may be anything
  ['/orders', '{{ trigger.callbackUrl }}'],
  ['https://hooks.slack.com/services/x', 'https://{{ trigger.host }}/services/x'],
])('%s may be what %s calls', (mention, url) => {
  expect(urlMatches(mention, url)).toBe(true);
});

it.each([
  ['/invoices', 'https://shop.example.com/api/orders'],
  ['/api/invoices', 'https://shop.example.com/api/orders/{{ trigger.id }}/lines'],
  ['https://shop.example.org/api/orders', 'https://shop.example.com/api/orders'],
  ['/orders/lines', 'https://shop.example.com/lines/orders'],
  ['/orders', 'https://shop.example.com'],
  ['https://api.acme.test/v2/invoices', '/orders'],
])('%s is not what %s calls', (mention, url) => {
  expect(urlMatches(mention, url)).toBe(false);
});
