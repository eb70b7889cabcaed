import { describe, expect, it } from 'vitest';
import { nodeCatalog, templateFunctionCatalog } from '../../../core/spec/node-catalog';
import { validateSpec } from '../../../core/spec/validate-spec';
import { authorV1 } from './author-v1';
import { authorV2 } from './author-v2';
import { errorRouteExample, loopExample, placeholderConnectorIds } from './author-v2-examples';
import { currentPrompt, promptVersions } from '.';

const ids = { http: '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d01', smtp: '0b8f3a52-6c1e-4a77-9d3e-1f2a3b4c5d02' };
const owner = 'prompt-owner';
const context = {
  ownerId: owner,
  connectors: [
    { id: ids.http, name: 'Billing API', type: 'http', ownerId: owner },
    { id: ids.smtp, name: 'Company mail', type: 'smtp', ownerId: owner },
  ],
};
const system = authorV2.system({
  catalog: nodeCatalog,
  functions: templateFunctionCatalog,
  connectors: [{ id: ids.smtp, name: 'Company mail', type: 'smtp' }],
  currentSpec: null,
  workflowName: null,
  today: '2026-12-02',
});

function problems(spec: unknown): string[] {
  const result = validateSpec(spec, context);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('author-v2', () => {
  it('is the current version, and every stored version id still resolves', () => {
    expect(currentPrompt).toBe(authorV2);
    expect(promptVersions['author-v1']).toBe(authorV1);
    expect(promptVersions['author-v2']).toBe(authorV2);
    for (const [id, version] of Object.entries(promptVersions)) {
      expect(version.id).toBe(id);
      expect(id.length).toBeLessThanOrEqual(50); // llm_prompt_version is varchar(50)
    }
  });

  it('teaches error edges and onError', () => {
    expect(system).toContain('edges: [from, to], [from, to, branch] or [from, to, "error"]');
    expect(system).toContain('An error edge [node, handler, "error"] runs handler only when node failed.');
    expect(system).toContain('The handler reads nodes.<node>.error: {"message", "type", "attempts"}.');
    expect(system).toContain('"onError": "continue" on a node carries the run on along its unlabelled edges');
    expect(system).toContain('delay and approval nodes cannot fail: never give them an error edge or onError.');
    expect(system).toMatch(/### delay\n[^\n]* Cannot fail: no error edge, no onError\./);
    expect(system).toMatch(/### approval\n[^\n]* Cannot fail: no error edge, no onError\./);
    expect(system).not.toMatch(/### http_request\n[^\n]* Cannot fail/);
  });

  it('teaches loops, their body, what comes after them, and the mistakes the validator refuses', () => {
    expect(system).toMatch(/### for_each\nRuns its body once per item of a list\./);
    expect(system).toContain('config.items is ONE {{ expression }} giving a list, with no text around it');
    expect(system).toContain('The body is the nodes whose "loop" is the for_each node\'s id.');
    expect(system).toContain('There is NO edge from the for_each node into its body');
    expect(system).toContain('"item" and "index" exist only inside a body.');
    expect(system).toContain('Those nodes read nodes.<loop>.results');
    expect(system).toContain('No approval inside a body. Loops nest at most 2 deep');
    expect(system).toContain('Mistakes the validator refuses:');
  });

  it('teaches the overlap and time-limit settings, to be left out unless asked for', () => {
    expect(system).toContain('A spec is {"trigger", "nodes", "edges"}, and optionally "settings":');
    expect(system).toContain('- settings: {"overlap": "allow" | "skip" | "buffer_one"}');
    expect(system).toContain('"timeoutSeconds" is the most a run may take');
    expect(system).toContain('Leave settings out unless the person asks');
  });

  it('shows both examples, with placeholders for connector ids', () => {
    expect(system).toContain(JSON.stringify(loopExample(placeholderConnectorIds)));
    expect(system).toContain(JSON.stringify(errorRouteExample(placeholderConnectorIds)));
    expect(system).not.toContain(ids.http); // the person has no http connector here
    expect(system).toContain(ids.smtp);
  });

  it('shows examples the validator accepts', () => {
    expect(problems(loopExample(ids))).toEqual([]);
    expect(problems(errorRouteExample(ids))).toEqual([]);
  });

  it('names mistakes the validator does refuse', () => {
    const variant = (change: (s: any) => void) => {
      const spec = structuredClone(loopExample(ids));
      change(spec);
      return problems(spec).join('\n');
    };
    expect(variant((s) => s.edges.push(['each_invoice', 'customer']))).toMatch(
      /leave out the edge each_invoice → customer/,
    );
    expect(variant((s) => s.edges.push(['email', 'summary']))).toMatch(/crosses a loop's edge/);
    expect(variant((s) => (s.nodes[0].config.url = '/invoices/{{ item.id }}'))).toMatch(
      /"item" is only defined in a loop body/,
    );
    expect(variant((s) => (s.nodes[4].config.fields[0].value = '{{ nodes.email.messageId }}'))).toMatch(
      /after the loop, read nodes\.each_invoice\.results/,
    );
    expect(variant((s) => (s.nodes[1].config.items = 'invoices: {{ nodes.fetch.body.invoices }}'))).toMatch(
      /items must be one \{\{ expression \}\} giving a list, with no text around it/,
    );
  });

  it('sends problems and malformed answers back in the words v1 used', () => {
    const list = [{ path: 'edges.3', message: 'leave out the edge' }];
    expect(authorV2.repair(list)).toBe(authorV1.repair(list));
    expect(authorV2.malformed('not JSON')).toBe(authorV1.malformed('not JSON'));
  });
});
