import { describe, expect, it } from 'vitest';
import { fiveNodeSpec } from '../../testing/five-node-spec';
import { derivedSample, needsSample } from './derived-sample';
import { evaluateExpression, renderDeep, renderTemplate } from './expression';
import { googleSheetsOutputSchema, httpRequestOutputSchema, llmOutputSchema } from './node-outputs';
import type { SpecNode, WorkflowSpec } from './spec.schema';
import { validateSpec } from './validate-spec';

const context = { ownerId: '00000000-0000-4000-8000-000000000001', connectors: null };
const http = '11111111-1111-4111-8111-111111111111';
const smtp = '22222222-2222-4222-8222-222222222222';
const sheets = '33333333-3333-4333-8333-333333333333';

/** A spec as the validator hands it on, defaults filled in; fails the test on any problem. */
function valid(input: unknown): WorkflowSpec {
  const result = validateSpec(input, context);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return result.spec;
}

const fetchNode = (id = 'fetch', extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http_request',
  name: 'Fetch invoices',
  config: { connectorId: http, url: '/invoices?status=open' },
  ...extra,
});
const transform = (id: string, fields: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'transform',
  name: id,
  config: { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) },
  ...extra,
});
const email = (id: string, config: { to: string; subject: string; text: string }, extra = {}) => ({
  id,
  type: 'send_email',
  name: id,
  config: { connectorId: smtp, to: [config.to], subject: config.subject, text: config.text },
  ...extra,
});
const condition = (id: string, expression: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'condition',
  name: id,
  config: { expression },
  ...extra,
});
const loop = (id: string, items: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'for_each',
  name: id,
  config: { items },
  ...extra,
});
const chain = (...ids: string[]) => ids.slice(1).map((to, i) => [ids[i]!, to]);

const outputSchemas = {
  http_request: httpRequestOutputSchema,
  google_sheets: googleSheetsOutputSchema,
  llm: llmOutputSchema,
} as const;

/** The derived sample of a node, checked against its type's output schema. */
function sampleOf(spec: WorkflowSpec, id: string): any {
  const node = spec.nodes.find((n) => n.id === id)!;
  const sample = derivedSample(spec, id);
  const parsed = outputSchemas[node.type as keyof typeof outputSchemas].safeParse(sample);
  expect(parsed.error).toBeUndefined();
  return sample;
}

/**
 * Evaluates every template and condition of the spec as a test run would, with derived samples
 * for the nodes that need one: in spec order (the fixtures list nodes upstream first), a loop's
 * body once per item of its rendered list. Throws where evaluation would fail. Gives what each
 * node's config rendered to, once per item in a body.
 */
function renderRun(spec: WorkflowSpec, sampleFor = (id: string) => sampleOf(spec, id)): Map<string, unknown[]> {
  const nodes: Record<string, unknown> = {};
  const byId = new Map(spec.nodes.map((n) => [n.id, n]));
  const scopesOf = (node: SpecNode): Record<string, unknown>[] => {
    const top = { trigger: {}, nodes, run: { id: 'run-1', workflowId: 'wf-1' } };
    const around = node.loop === undefined ? undefined : byId.get(node.loop);
    if (around?.type !== 'for_each') return [top];
    return scopesOf(around).flatMap((scope) => {
      const items = renderTemplate(around.config.items, scope);
      if (!Array.isArray(items)) throw new Error(`items of ${around.id} rendered to ${JSON.stringify(items)}`);
      return items.map((item: unknown, index) => ({ ...scope, item, index }));
    });
  };
  const rendered = new Map<string, unknown[]>();
  for (const node of spec.nodes) {
    if (needsSample(node)) nodes[node.id] = sampleFor(node.id);
    const outputs = scopesOf(node).map((scope) =>
      node.type === 'condition'
        ? evaluateExpression(node.config.expression, scope)
        : renderDeep(node.config, scope, undefined),
    );
    rendered.set(node.id, outputs);
    if (node.type === 'transform')
      nodes[node.id] = Object.fromEntries(
        (outputs.at(-1) as { fields: Array<{ name: string; value: unknown }> }).fields.map((f) => [f.name, f.value]),
      );
    if (node.type === 'condition') nodes[node.id] = { result: Boolean(outputs.at(-1)), branch: 'true' };
  }
  return rendered;
}

const fieldsOf = (rendered: unknown) =>
  Object.fromEntries(
    (rendered as { fields: Array<{ name: string; value: unknown }> }).fields.map((f) => [f.name, f.value]),
  );

describe('derivedSample: http_request', () => {
  it('fills in what a transform reads of the body: keys, indexes, plucked keys, numbers for arithmetic', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        transform('shape', {
          customer: '{{ upper(nodes.fetch.body.customer.name) }}',
          gross: '{{ round(nodes.fetch.body.total * 1.2, 2) }}',
          firstSku: 'First line: {{ nodes.fetch.body.lines[0].sku }}',
          tags: '{{ join(pluck(nodes.fetch.body.tags, "label"), ", ") }}',
        }),
      ],
      edges: chain('fetch', 'shape'),
    });
    expect(sampleOf(spec, 'fetch')).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: {
        customer: { name: 'sample body.customer.name' },
        total: 1,
        lines: [{ sku: 'sample body.lines.0.sku' }, { sku: 'sample body.lines.1.sku' }],
        tags: [{ label: 'sample body.tags.0.label' }, { label: 'sample body.tags.1.label' }],
      },
    });
    expect(fieldsOf(renderRun(spec).get('shape')![0])).toEqual({
      customer: 'SAMPLE BODY.CUSTOMER.NAME',
      gross: 1.2,
      firstSku: 'First line: sample body.lines.0.sku',
      tags: 'sample body.tags.0.label, sample body.tags.1.label',
    });
    // What this is for: an empty body would stop the same test run at the first template.
    const empty = { status: 200, headers: {}, body: {} };
    expect(() => renderRun(spec, () => empty)).toThrow('upper()');
  });

  it('follows list functions: sort and first, where and pluck, slice, keys, ?? and default', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        transform('digest', {
          next: '{{ first(sort(nodes.fetch.body.orders, "due")).id }}',
          paid: '{{ sum(pluck(where(nodes.fetch.body.orders, "state", "paid"), "total")) }}',
          mean: '{{ formatNumber(avg(pluck(nodes.fetch.body.orders, "total")) ?? 0, 2) }}',
          tags: '{{ join(slice(nodes.fetch.body.tags, 0, 2), "|") }}',
          meta: '{{ keys(nodes.fetch.body.meta) }}',
          note: '{{ nodes.fetch.body.note ?? "none" }}',
          pages: '{{ default(nodes.fetch.body.pages, 1) + 1 }}',
        }),
      ],
      edges: chain('fetch', 'digest'),
    });
    expect(sampleOf(spec, 'fetch').body).toEqual({
      orders: [0, 1].map((i) => ({
        due: `sample body.orders.${i}.due`,
        id: `sample body.orders.${i}.id`,
        state: `sample body.orders.${i}.state`,
        total: 1,
      })),
      tags: ['sample body.tags.0', 'sample body.tags.1'],
      meta: {},
      note: 'sample body.note',
      pages: 1,
    });
    expect(fieldsOf(renderRun(spec).get('digest')![0])).toEqual({
      next: 'sample body.orders.0.id',
      paid: 0,
      mean: '1.00',
      tags: 'sample body.tags.0|sample body.tags.1',
      meta: [],
      note: 'sample body.note',
      pages: 2,
    });
  });

  it('gives numbers to what a condition compares, booleans to what it tests, text to what it matches', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        condition(
          'check',
          'nodes.fetch.status == 200 && nodes.fetch.body.count > 3 && nodes.fetch.body.active && !nodes.fetch.body.archived && nodes.fetch.body.state == "open"',
        ),
        transform('after', { total: '{{ nodes.fetch.body.total - nodes.fetch.body.paid }}' }),
      ],
      edges: [...chain('fetch', 'check'), ['check', 'after', 'true']],
    });
    const { body } = sampleOf(spec, 'fetch');
    expect(body).toEqual({
      count: 1,
      active: true,
      archived: true,
      state: 'sample body.state',
      total: 1,
      paid: 1,
    });
    const rendered = renderRun(spec);
    expect(rendered.get('check')).toEqual([false]);
    expect(fieldsOf(rendered.get('after')![0])).toEqual({ total: 0 });
  });

  it('makes a list of two objects of what a for_each reads, with the fields its body reads of item', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        loop('each', '{{ nodes.fetch.body.invoices }}'),
        condition('large', 'item.amount > 100', { loop: 'each' }),
        email(
          'remind',
          {
            to: '{{ item.customer.email }}',
            subject: 'Invoice {{ item.number }} ({{ index + 1 }} of {{ count(nodes.fetch.body.invoices) }})',
            text: 'First line: {{ item.lines[0].description }}',
          },
          { loop: 'each' },
        ),
      ],
      edges: [...chain('fetch', 'each'), ['large', 'remind', 'true']],
    });
    expect(sampleOf(spec, 'fetch').body).toEqual({
      invoices: [0, 1].map((i) => ({
        amount: 1,
        customer: { email: `sample body.invoices.${i}.customer.email` },
        number: `sample body.invoices.${i}.number`,
        lines: [0, 1].map((j) => ({ description: `sample body.invoices.${i}.lines.${j}.description` })),
      })),
    });
    const remind = renderRun(spec).get('remind')!;
    expect(remind).toHaveLength(2);
    expect(remind[1]).toMatchObject({
      to: ['sample body.invoices.1.customer.email'],
      subject: 'Invoice sample body.invoices.1.number (2 of 2)',
    });
  });

  it('gives a loop objects even when its body reads nothing of item', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        loop('each', '{{ nodes.fetch.body.items }}'),
        transform('tick', { at: '{{ index }}' }, { loop: 'each' }),
      ],
      edges: chain('fetch', 'each'),
    });
    expect(sampleOf(spec, 'fetch').body).toEqual({ items: [{}, {}] });
    expect(renderRun(spec).get('tick')).toHaveLength(2);
  });

  it('gives an empty body and only the content type when nothing reads the response', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [fetchNode(), transform('done', { note: 'fetched' })],
      edges: chain('fetch', 'done'),
    });
    expect(sampleOf(spec, 'fetch')).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: {} });
  });

  it('keeps the body an object when it is only passed on whole, and text when text functions read it', () => {
    const whole = valid({
      trigger: { type: 'manual' },
      nodes: [fetchNode(), transform('copy', { all: '{{ nodes.fetch.body }}' })],
      edges: chain('fetch', 'copy'),
    });
    expect(sampleOf(whole, 'fetch').body).toEqual({});
    const text = valid({
      trigger: { type: 'manual' },
      nodes: [fetchNode(), transform('words', { words: '{{ split(trim(nodes.fetch.body), " ") }}' })],
      edges: chain('fetch', 'words'),
    });
    expect(sampleOf(text, 'fetch').body).toBe('sample body');
    expect(() => renderRun(text)).not.toThrow();
  });

  it('reads a numeric index, literal or computed, as a list long enough for it', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        loop('each', '{{ nodes.fetch.body.ids }}'),
        transform('pair', { other: '{{ nodes.fetch.body.names[index] }}' }, { loop: 'each' }),
        transform('third', { id: '{{ nodes.fetch.body.ids[2] }}' }),
      ],
      edges: chain('fetch', 'each', 'third'),
    });
    const { body } = sampleOf(spec, 'fetch');
    expect(body.names).toEqual(['sample body.names.0', 'sample body.names.1']);
    expect(body.ids).toEqual([{}, {}, {}]);
    expect(renderRun(spec).get('pair')).toHaveLength(3);
  });

  it('adds the headers templates read, as text', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [fetchNode(), condition('more', 'number(nodes.fetch.headers["x-total-count"]) > 50')],
      edges: chain('fetch', 'more'),
    });
    expect(sampleOf(spec, 'fetch').headers).toEqual({ 'x-total-count': '1', 'content-type': 'application/json' });
    expect(renderRun(spec).get('more')).toEqual([false]);
  });

  it('serves the five-node spec: plucked amounts are summed, so they are numbers', () => {
    const spec = valid(fiveNodeSpec({ http, smtp }));
    expect(sampleOf(spec, 'fetch').body).toEqual({ invoices: [{ amount: 1 }, { amount: 1 }] });
    const rendered = renderRun(spec);
    expect(rendered.get('check')).toEqual([true]);
    expect(rendered.get('notify')![0]).toMatchObject({ subject: '2 open invoices', text: 'Total due: 2' });
  });

  it('fills in what nodes after a loop read of a body node through its results', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        loop('each', '{{ nodes.fetch.body.customers }}'),
        fetchNode('lookup', {
          name: 'Look up the customer',
          loop: 'each',
          config: { url: '/customers/{{ item.id }}' },
        }),
        transform('report', {
          first: '{{ nodes.each.results[0].output.lookup.body.plan }}',
          all: '{{ join(pluck(pluck(pluck(nodes.each.results, "output"), "lookup"), "status"), ",") }}',
        }),
      ],
      edges: chain('fetch', 'each', 'report'),
    });
    expect(sampleOf(spec, 'lookup').body).toEqual({ plan: 'sample body.plan' });
    expect(sampleOf(spec, 'fetch').body).toEqual({
      customers: [{ id: 'sample body.customers.0.id' }, { id: 'sample body.customers.1.id' }],
    });
  });
});

describe('derivedSample: llm', () => {
  it('answers "sample answer of <name>" where an email reads the text', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        { id: 'draft', type: 'llm', name: 'Draft the reply', config: { prompt: 'Reply to {{ trigger.message }}' } },
        email('send', { to: 'support@example.com', subject: 'Re: your question', text: '{{ nodes.draft.text }}' }),
      ],
      edges: chain('draft', 'send'),
    });
    expect(sampleOf(spec, 'draft')).toEqual({
      text: 'sample answer of Draft the reply',
      model: 'sample',
      totalTokens: 0,
    });
    expect(renderRun(spec).get('send')![0]).toMatchObject({ text: 'sample answer of Draft the reply' });
  });

  it('answers JSON holding what is read when the text goes through parseJson()', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        { id: 'classify', type: 'llm', name: 'Classify', config: { prompt: 'Answer in JSON: {{ trigger.text }}' } },
        condition('urgent', 'parseJson(nodes.classify.text).score >= 8'),
        transform('route', { team: '{{ upper(parseJson(nodes.classify.text).team) }}' }),
      ],
      edges: [...chain('classify', 'urgent'), ['urgent', 'route', 'true']],
    });
    expect(JSON.parse(sampleOf(spec, 'classify').text)).toEqual({ score: 1, team: 'sample text.team' });
    expect(fieldsOf(renderRun(spec).get('route')![0])).toEqual({ team: 'SAMPLE TEXT.TEAM' });
  });
});

describe('derivedSample: google_sheets read', () => {
  const read = (extra: Record<string, unknown> = {}) => ({
    id: 'sheet',
    type: 'google_sheets',
    name: 'Read the orders',
    config: { connectorId: sheets, operation: 'read', spreadsheetId: 'abc123', range: 'Orders!A2:E' },
    ...extra,
  });

  it('gives two rows of three text cells when nothing reads more', () => {
    const spec = valid({ trigger: { type: 'manual' }, nodes: [read()], edges: [] });
    expect(sampleOf(spec, 'sheet')).toEqual({
      range: 'Orders!A2:E',
      rows: [0, 1].map((r) => [0, 1, 2].map((c) => `sample rows.${r}.${c}`)),
      updatedRows: 0,
    });
  });

  it('makes rows as wide as the loop over them reads, cells read as numbers holding a number', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        read(),
        loop('each', '{{ nodes.sheet.rows }}'),
        condition('big', 'number(item[3]) > 10', { loop: 'each' }),
        email(
          'confirm',
          { to: '{{ item[4] }}', subject: 'Order {{ item[0] }}', text: '{{ item[1] }}: {{ item[3] }} EUR' },
          { loop: 'each' },
        ),
      ],
      edges: [...chain('sheet', 'each'), ['big', 'confirm', 'true']],
    });
    const { rows } = sampleOf(spec, 'sheet');
    expect(rows).toEqual(
      [0, 1].map((r) => [`sample rows.${r}.0`, `sample rows.${r}.1`, `sample rows.${r}.2`, '1', `sample rows.${r}.4`]),
    );
    const confirm = renderRun(spec).get('confirm')!;
    expect(confirm[0]).toMatchObject({ to: ['sample rows.0.4'], subject: 'Order sample rows.0.0' });
  });

  it('takes a range it cannot know from the config as "sample range"', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        read({
          config: { connectorId: sheets, operation: 'read', spreadsheetId: 'abc', range: '{{ trigger.tab }}!A:C' },
        }),
      ],
      edges: [],
    });
    expect(sampleOf(spec, 'sheet').range).toBe('sample range');
  });
});

describe('derivedSample: loops', () => {
  it('follows item through a loop inside a loop to the list it came from', () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        loop('customers', '{{ where(nodes.fetch.body.customers, "active", true) }}'),
        loop('invoices', '{{ item.invoices }}', { loop: 'customers' }),
        transform('line', { due: '{{ item.amount * 2 }}', who: '{{ lower(item.owner) }}' }, { loop: 'invoices' }),
      ],
      edges: chain('fetch', 'customers'),
    });
    expect(sampleOf(spec, 'fetch').body).toEqual({
      customers: [0, 1].map((c) => ({
        active: true,
        invoices: [0, 1].map((i) => ({ amount: 1, owner: `sample body.customers.${c}.invoices.${i}.owner` })),
      })),
    });
    expect(renderRun(spec).get('line')).toHaveLength(4);
  });

  it("reaches a node two loops deep through the outer loop's results, whatever the node order", () => {
    const spec = valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode('deep', { loop: 'inner', config: { url: '/check/{{ item }}' } }),
        loop('inner', '{{ item.codes }}', { loop: 'outer' }),
        fetchNode(),
        loop('outer', '{{ nodes.fetch.body.groups }}'),
        condition('any_bad', 'nodes.outer.results[0].output.inner.results[1].output.deep.body.bad'),
      ],
      edges: chain('fetch', 'outer', 'any_bad'),
    });
    expect(sampleOf(spec, 'deep').body).toEqual({ bad: true });
    expect(sampleOf(spec, 'fetch').body).toEqual({
      groups: [{ codes: [{}, {}] }, { codes: [{}, {}] }],
    });
  });
});

describe('derivedSample: in general', () => {
  const spec = () =>
    valid({
      trigger: { type: 'manual' },
      nodes: [
        fetchNode(),
        { id: 'ask', type: 'llm', name: 'Summarise', config: { prompt: '{{ json(nodes.fetch.body.items) }}' } },
        transform('t', { a: '{{ nodes.fetch.body.x > 1 }}', b: '{{ nodes.ask.text }}' }),
        email('mail', { to: 'a@example.com', subject: 's', text: '{{ nodes.t.a }}' }),
      ],
      edges: chain('fetch', 'ask', 't', 'mail'),
    });

  it('gives the same sample for the same spec', () => {
    expect(JSON.stringify(derivedSample(spec(), 'fetch'))).toBe(JSON.stringify(derivedSample(spec(), 'fetch')));
    expect(derivedSample(spec(), 'ask')).toEqual(derivedSample(spec(), 'ask'));
  });

  it('says which nodes need a sample, and derives none for the others', () => {
    const s = spec();
    expect(s.nodes.filter(needsSample).map((n) => n.id)).toEqual(['fetch', 'ask']);
    expect(derivedSample(s, 't')).toBeUndefined();
    expect(derivedSample(s, 'mail')).toBeUndefined();
    const append = valid({
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'log',
          type: 'google_sheets',
          name: 'Log',
          config: {
            connectorId: sheets,
            operation: 'append',
            spreadsheetId: 'x',
            range: 'Log!A:B',
            rows: '{{ [[1, 2]] }}',
          },
        },
      ],
      edges: [],
    });
    expect(needsSample(append.nodes[0]!)).toBe(false);
    expect(derivedSample(append, 'log')).toBeUndefined();
  });

  it('refuses a node the spec does not have', () => {
    expect(() => derivedSample(spec(), 'nope')).toThrow('no node "nope"');
  });

  it('ignores text that does not parse (the validator reports it)', () => {
    const s = spec();
    (s.nodes[2]!.config as { fields: Array<{ value: string }> }).fields[1]!.value = '{{ nodes.fetch.body.y + }}';
    expect(sampleOf(s, 'fetch').body).toEqual({ items: 'sample body.items', x: 1 });
  });
});
