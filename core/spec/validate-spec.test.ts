import { describe, expect, it } from 'vitest';
import { fiveNodeSpec } from '../../testing/five-node-spec';
import { validateSpec, type ValidationContext } from './validate-spec';

const owner = '00000000-0000-4000-8000-000000000001';
const ids = { http: '11111111-1111-4111-8111-111111111111', smtp: '22222222-2222-4222-8222-222222222222' };
const context: ValidationContext = {
  ownerId: owner,
  connectors: [
    { id: ids.http, name: 'Billing API', type: 'http', ownerId: owner },
    { id: ids.smtp, name: 'Mail', type: 'smtp', ownerId: owner },
  ],
};
const valid = () => structuredClone(fiveNodeSpec(ids));

function problemsOf(spec: unknown, ctx = context) {
  const result = validateSpec(spec, ctx);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('validateSpec', () => {
  it('accepts a valid spec and fills config defaults', () => {
    const result = validateSpec(valid(), context);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.spec.nodes[1]!.config).toMatchObject({ fields: expect.any(Array) });
  });

  it('reports schema problems with their paths', () => {
    const spec = { ...valid(), trigger: { type: 'hourly' } } as unknown;
    expect(problemsOf(spec).map((p) => p.path)).toContain('trigger.type');
    expect(problemsOf({ nodes: 'x' }).map((p) => p.path)).toEqual(
      expect.arrayContaining(['trigger', 'nodes', 'edges']),
    );
  });

  it('names the node types when one is unknown', () => {
    const spec = valid() as any;
    spec.nodes[1].type = 'spreadsheet_magic';
    const problem = problemsOf(spec).find((p) => p.path.startsWith('nodes.1'));
    expect(problem?.message).toMatch(/unknown node type; use one of: http_request, send_email/);
  });

  it('checks each node config against its type', () => {
    const spec = valid() as any;
    delete spec.nodes[0].config.url;
    spec.nodes[3].config.to = [];
    spec.nodes[2].config.surprise = true;
    const paths = problemsOf(spec).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['nodes.0.config.url', 'nodes.3.config.to', 'nodes.2.config']));
  });

  it('finds duplicate ids, edges to unknown nodes, self edges and duplicate edges', () => {
    const spec = valid() as any;
    spec.nodes[4].id = 'summarise';
    spec.edges.push(['fetch', 'ghost'], ['summarise', 'summarise'], ['fetch', 'summarise']);
    const messages = problemsOf(spec).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'nodes.4.id: duplicate node id "summarise"; ids must be unique',
        'edges.4: edge fetch → ghost names unknown node "ghost"',
        'edges.5: edge from "summarise" to itself',
        'edges.6: duplicate edge fetch → summarise',
      ]),
    );
  });

  it('finds cycles and the nodes they make unreachable', () => {
    const spec = valid() as any;
    spec.edges.push(['notify', 'fetch']);
    const messages = problemsOf(spec).map((p) => p.message);
    expect(messages.some((m) => /cycle through/.test(m))).toBe(true);
    expect(messages.filter((m) => /not reachable from the trigger/.test(m))).toHaveLength(5);
  });

  it('checks branch labels', () => {
    const spec = valid() as any;
    spec.edges[0] = ['fetch', 'summarise', 'true'];
    spec.edges[2] = ['check', 'notify'];
    spec.edges[3] = ['check', 'all_clear', 'maybe'];
    const messages = problemsOf(spec).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'only condition and approval edges carry a branch label, and "error" edges; "fetch" is a http_request',
        'an edge out of condition "check" needs a branch label: "true" or "false"',
        'branch "maybe" is not one of "true", "false", "error"',
      ]),
    );
  });

  it('accepts error edges and onError policies on nodes that can fail, and reads of the failure', () => {
    const spec = valid() as any;
    spec.nodes[0].onError = 'continue';
    spec.nodes.push({
      id: 'alert',
      type: 'transform',
      name: 'Alert',
      config: {
        fields: [{ name: 'why', value: '{{ nodes.fetch.error.message }} after {{ nodes.fetch.error.attempts }}' }],
      },
    });
    spec.edges.push(['fetch', 'alert', 'error'], ['check', 'alert', 'error']);
    const result = validateSpec(spec, context);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('refuses error edges and onError on nodes that cannot fail, and unknown policies', () => {
    const spec = valid() as any;
    spec.nodes.push(
      { id: 'pause', type: 'delay', name: 'Pause', config: { seconds: 5 }, onError: 'continue' },
      { id: 'ask', type: 'approval', name: 'Ask', config: { message: 'ok?', timeoutMinutes: 5 } },
    );
    spec.nodes[1].onError = 'ignore';
    spec.edges.push(['all_clear', 'pause'], ['pause', 'ask', 'error'], ['ask', 'summarise', 'error']);
    expect(problemsOf(spec).map((p) => `${p.path}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        'edges.5: a delay node cannot fail, so "pause" cannot have an "error" edge',
        'edges.6: an approval node cannot fail, so "ask" cannot have an "error" edge',
        'nodes.5.onError: a delay node cannot fail; leave out onError',
        expect.stringMatching(/^nodes\.1\.onError: /),
      ]),
    );
  });

  it('refuses missing, foreign and wrongly typed connectors without telling foreign from missing', () => {
    const foreign = '33333333-3333-4333-8333-333333333333';
    const ctx: ValidationContext = {
      ...context,
      connectors: [...context.connectors!, { id: foreign, name: 'Theirs', type: 'smtp', ownerId: 'someone-else' }],
    };
    const spec = valid() as any;
    spec.nodes[3].config.connectorId = foreign;
    expect(problemsOf(spec, ctx)).toEqual([
      { path: 'nodes.3.config.connectorId', message: `no connector of yours has id ${foreign}` },
    ]);
    spec.nodes[3].config.connectorId = '44444444-4444-4444-8444-444444444444';
    expect(problemsOf(spec, ctx)[0]!.message).toBe('no connector of yours has id 44444444-4444-4444-8444-444444444444');
    spec.nodes[3].config.connectorId = ids.http;
    expect(problemsOf(spec, ctx)[0]!.message).toBe(
      'connector "Billing API" is a http connector; send_email needs a smtp connector',
    );
  });

  it("lets an llm node go without a connector, or name one of the owner's openai connectors", () => {
    const openaiId = '55555555-5555-4555-8555-555555555555';
    const ctx: ValidationContext = {
      ...context,
      connectors: [...context.connectors!, { id: openaiId, name: 'Local model', type: 'openai', ownerId: owner }],
    };
    const spec = {
      trigger: { type: 'manual' },
      nodes: [{ id: 'ask', type: 'llm', name: 'Ask', config: { prompt: 'hi' } }],
      edges: [],
    } as any;
    expect(validateSpec(spec, ctx).ok).toBe(true);
    spec.nodes[0].config.connectorId = openaiId;
    expect(validateSpec(spec, ctx).ok).toBe(true);
    spec.nodes[0].config.connectorId = ids.smtp;
    expect(problemsOf(spec, ctx)).toEqual([
      {
        path: 'nodes.0.config.connectorId',
        message: 'connector "Mail" is a smtp connector; llm needs a openai connector',
      },
    ]);
  });

  it('skips connector checks when no connectors are given (offline)', () => {
    expect(validateSpec(valid(), { ownerId: owner, connectors: null }).ok).toBe(true);
  });

  it.each([
    ['0 9 * * 1-5', []],
    ['*/15 8-18 * * MON-FRI', []],
    ['0 0 1,15 * *', []],
    ['0 9 * *', [/needs 5 fields/]],
    ['61 * * * *', [/minute: 61 is outside 0-59/]],
    ['0 9 * * funday', [/day of week: "funday" is not a number or a name/]],
    ['0 9 5-1 * *', [/range 5-1 runs backwards/]],
  ])('reads cron "%s" the way Temporal does', (cron, expected) => {
    const result = validateSpec({ ...valid(), trigger: { type: 'cron', cron } }, context);
    const messages = result.ok ? [] : result.problems.map((p) => p.message);
    expect(messages).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(messages[i]).toMatch(pattern));
  });

  it('refuses an unknown time zone', () => {
    const problems = problemsOf({ ...valid(), trigger: { type: 'cron', cron: '0 9 * * *', timezone: 'Mars/Olympus' } });
    expect(problems).toEqual([{ path: 'trigger.timezone', message: expect.stringMatching(/unknown time zone/) }]);
  });

  it('refuses templates that read nodes not upstream, unknown nodes or names, and bad syntax', () => {
    const spec = valid() as any;
    spec.nodes[1].config.fields[0].value = '{{ nodes.notify.messageId }}';
    spec.nodes[1].config.fields[1].value = '{{ nodes.ghost.x }} {{ secrets.key }}';
    spec.nodes[2].config.expression = 'nodes.all_clear.message == "x"';
    spec.nodes[3].config.subject = '{{ length(nodes.fetch.body }}';
    const problems = problemsOf(spec);
    const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
    expect(at('nodes.1.config.fields.0.value')).toEqual([
      'references node "notify", which does not run before "summarise"; add an edge or reference an upstream node',
    ]);
    expect(at('nodes.1.config.fields.1.value')).toEqual([
      'references unknown node "ghost"',
      'unknown name "secrets": templates read trigger, nodes.<id> and run',
    ]);
    expect(at('nodes.2.config.expression')[0]).toMatch(/"all_clear", which does not run before "check"/);
    expect(at('nodes.3.config.subject')).toHaveLength(1);
  });

  it('refuses an unclosed {{ at save time, as rendering would at run time', () => {
    const spec = valid() as any;
    spec.nodes[3].config.subject = 'Invoice {{ nodes.fetch.body.id';
    expect(problemsOf(spec)).toEqual([
      { path: 'nodes.3.config.subject', message: expect.stringMatching(/^Unclosed "{{" at 8/) },
    ]);
  });

  it('returns every problem at once', () => {
    const spec = valid() as any;
    spec.nodes[0].id = 'summarise';
    spec.trigger = { type: 'cron', cron: 'often' };
    spec.nodes[3].config.connectorId = ids.http;
    expect(problemsOf(spec).length).toBeGreaterThanOrEqual(3);
  });
});
