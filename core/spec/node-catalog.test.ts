import { describe, expect, it } from 'vitest';
import { nodeCatalog, templateFunctionCatalog } from './node-catalog';
import { nodeTypeSchema } from './spec.schema';

describe('the node catalog', () => {
  it('lists every node type with its description, JSON config schema and output shape', () => {
    expect(nodeCatalog.map((entry) => entry.type)).toEqual(nodeTypeSchema.options);
    for (const entry of nodeCatalog) {
      expect(entry.description.length, entry.type).toBeGreaterThan(20);
      expect(entry.configSchema).toMatchObject({ type: 'object' });
      expect(entry.outputSchema).toHaveProperty('type');
    }
  });

  it('is generated from the zod schemas: required fields and enums come through', () => {
    const http = nodeCatalog.find((entry) => entry.type === 'http_request')!;
    expect(http.configSchema).toMatchObject({
      required: expect.arrayContaining(['url']),
      properties: { method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] } },
    });
    expect(http.connectorType).toBe('http');
    const llm = nodeCatalog.find((entry) => entry.type === 'llm')!;
    expect(llm.connectorType).toBe('openai');
    expect(llm.configSchema).toMatchObject({ properties: { connectorId: { anyOf: expect.any(Array) } } });
    expect((llm.configSchema as { required?: string[] }).required).not.toContain('connectorId');
    expect(nodeCatalog.find((entry) => entry.type === 'condition')!.branches).toEqual(['true', 'false']);
    expect(nodeCatalog.find((entry) => entry.type === 'approval')!.configSchema).toMatchObject({
      properties: { onTimeout: { enum: ['reject', 'approve'] } },
    });
  });

  it('describes the template functions', () => {
    expect(templateFunctionCatalog.map((f) => f.name)).toEqual(
      expect.arrayContaining(['length', 'pluck', 'sum', 'join']),
    );
  });
});
