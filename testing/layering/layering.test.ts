import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../core/config/paths';
import { importGraph, readSources } from './import-graph';
import { areaOf, areas, browserViolations, layeringViolations, sandboxViolations } from './layering-rules';

// Reads every import in the repository and fails on one that crosses the layering, naming the file
// and line. The second half feeds the same checks sources written to break each rule, so this test
// is known to fail when it should.

const edges = importGraph(readSources(repoRoot, Object.keys(areas)));

describe('the repository', () => {
  it('has imports to check in every area', () => {
    const areasSeen = new Set(edges.map((edge) => areaOf(edge.file)));
    expect([...areasSeen].sort()).toEqual(Object.keys(areas).sort());
  });

  it.each(Object.keys(areas))('%s/ imports only what its layer may', (area) => {
    expect(layeringViolations(edges.filter((edge) => areaOf(edge.file) === area))).toEqual([]);
  });

  it("loads nothing in Temporal's workflow sandbox that the sandbox refuses", () => {
    expect(sandboxViolations(edges)).toEqual([]);
  });

  it('loads nothing in the browser that only Node has', () => {
    expect(browserViolations(edges)).toEqual([]);
  });
});

const graphOf = (sources: Record<string, string>) => importGraph(new Map(Object.entries(sources)));

describe('the checks, on sources written to break them', () => {
  it('refuse a program importing another program, naming the file and line', () => {
    const problems = layeringViolations(
      graphOf({
        'server/runs/runs.service.ts':
          "import { z } from 'zod';\nimport { runSpec } from '../../workflows-temporal/workflows/run-spec.workflow';",
        'workflows-temporal/worker.ts': "export { loadConfig } from '../server/config';",
        'workflows-temporal/workflows/run-spec.workflow.ts': '',
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^server\/runs\/runs\.service\.ts:2 imports '\.\.\/\.\.\/workflows-temporal\/workflows\/run-spec\.workflow': the API imports core/,
      ),
      expect.stringMatching(
        /^workflows-temporal\/worker\.ts:1 imports '\.\.\/server\/config': the worker imports core/,
      ),
    ]);
  });

  it("let the API's entry, and nothing else, start the worker it hosts", () => {
    const problems = layeringViolations(
      graphOf({
        'server/main.ts':
          "import { startHostedWorker } from '../workflows-temporal/hosted-worker';\nimport { createAppWorker } from '../workflows-temporal/app-worker';",
        'server/runs/runs.service.ts': "import { startHostedWorker } from '../../workflows-temporal/hosted-worker';",
        'workflows-temporal/hosted-worker.ts': '',
        'workflows-temporal/app-worker.ts': '',
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^server\/main\.ts:2 imports '\.\.\/workflows-temporal\/app-worker': the API imports core/),
      expect.stringMatching(/^server\/runs\/runs\.service\.ts:1 /),
    ]);
  });

  it('refuse core importing a program, even for types', () => {
    const problems = layeringViolations(
      graphOf({
        'core/db/models/task.model.ts':
          "import type { NodeError } from '../../../workflows-temporal/activities/node-error';",
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^core\/db\/models\/task\.model\.ts:1 .*the shared layer imports none of the programs/),
    ]);
  });

  it("let the client import the API's router type, and nothing else of the server", () => {
    const problems = layeringViolations(
      graphOf({
        'web/src/trpc.ts': "import type { AppRouter } from '../../server/api';",
        'web/src/other.ts':
          "import { appRouter } from '../../server/trpc/app.router';\nimport { AppRouter } from '../../server/api';\nimport { type AppRouter as R } from '../../server/api';",
        'server/api.ts': '',
        'server/trpc/app.router.ts': '',
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^web\/src\/other\.ts:1 /),
      expect.stringMatching(/^web\/src\/other\.ts:2 /),
    ]);
  });

  it('let tests, but not program code, import test support', () => {
    const sources = {
      'server/auth/auth.test.ts': "import { startTestServer } from '../../testing/test-server';",
      'workflows-temporal/test/record-histories.ts': "import { startSpecRun } from '../../testing/run-environment';",
      'server/main.ts': "import { startTestServer } from '../testing/test-server';",
      'testing/test-server.ts': '',
      'testing/run-environment.ts': '',
    };
    expect(layeringViolations(graphOf(sources))).toEqual([expect.stringMatching(/^server\/main\.ts:1 /)]);
  });

  it('refuse workflow code loading a Node built-in or a package the sandbox lacks, through core too', () => {
    const problems = sandboxViolations(
      graphOf({
        'workflows-temporal/workflows/index.ts':
          "import { runSpec } from './run-spec.workflow';\nimport type { Models } from '../../core/db/models';",
        'workflows-temporal/workflows/run-spec.workflow.ts':
          "import { proxyActivities } from '@temporalio/workflow';\nimport { buildGraph } from '../../core/spec/spec-graph';",
        'core/spec/spec-graph.ts': "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';",
        'core/db/models/index.ts': "import { Sequelize } from 'sequelize';",
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^core\/spec\/spec-graph\.ts:1 imports 'zod': code loaded by workflows-temporal\/workflows\/index\.ts runs in Temporal's sandbox/,
      ),
      expect.stringMatching(
        /^core\/spec\/spec-graph\.ts:2 imports 'node:fs': code loaded by workflows-temporal\/workflows\/index\.ts runs in Temporal's sandbox/,
      ),
    ]);
  });

  it('refuse client code loading a Node built-in through core', () => {
    const problems = browserViolations(
      graphOf({
        'web/src/main.tsx': "import { App } from './app';",
        'web/src/app.tsx': "import { connectorSchemas } from '../../core/connectors/connector-configs';",
        'core/connectors/connector-configs.ts': "import { createHash } from 'crypto';",
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^core\/connectors\/connector-configs\.ts:1 imports 'crypto': code loaded by web\/src\/main\.tsx runs in the browser/,
      ),
    ]);
  });
});
