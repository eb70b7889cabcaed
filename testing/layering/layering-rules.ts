import { isNodeBuiltin, loadedFrom, packageName, type ImportEdge } from './import-graph';

// The layering a newcomer can read from the folder names: the three programs (server/ the API,
// workflows-temporal/ the worker, web/ the client) import the shared layer core/, never each
// other; core/ imports none of them. Tests may also import testing/, the one home of test support.

/** A top-level folder, and the folders its code may import. */
export interface Area {
  mayImport: readonly string[];
  /** Files this area may import for their types only (no code of theirs is loaded). */
  typesFrom?: readonly string[];
  why: string;
}

/** The API's contract for other TypeScript apps: its router type, nothing else of the server. */
const apiContract = 'server/api.ts';

export const areas: Record<string, Area> = {
  core: { mayImport: ['core'], why: 'the shared layer imports none of the programs' },
  server: { mayImport: ['core', 'server'], why: 'the API imports core, never the worker or the client' },
  'workflows-temporal': {
    mayImport: ['core', 'workflows-temporal'],
    why: 'the worker imports core, never the API or the client',
  },
  web: {
    mayImport: ['core', 'web'],
    typesFrom: [apiContract],
    why: 'the client imports core and the API router type only',
  },
  migrations: { mayImport: ['core'], why: 'migrations build on core/db only' },
  seeders: { mayImport: ['core', 'seeders'], why: 'seed data builds on core only' },
  client: {
    mayImport: ['client'],
    typesFrom: [apiContract],
    why: 'the client package ships the API router type and a client, nothing else of the server',
  },
  examples: {
    mayImport: ['core', 'examples'],
    typesFrom: [apiContract],
    why: 'other apps see the API through its router type',
  },
  testing: {
    mayImport: ['core', 'server', 'workflows-temporal', 'seeders', 'testing'],
    why: 'test support assembles the programs, never the client',
  },
  e2e: {
    mayImport: ['core', 'server', 'seeders', 'testing', 'e2e'],
    why: 'browser tests drive the built client, never its sources',
  },
};

/**
 * The one crossing between programs that decision 6 allows: the API's entry starts a worker of its
 * own beside it, because Temporal hands a run's first workflow task back with its start only to a
 * worker in the starting process (decision 7). The module is that worker's whole interface; no
 * other file of the API may load the worker's code.
 */
export const hostedWorker = {
  file: 'server/main.ts',
  target: 'workflows-temporal/hosted-worker.ts',
  why: 'the API runs a worker beside it through hosted-worker.ts, from main.ts only',
};

/** Test support, which any test may import besides what its area may. */
const testSupport = 'testing';

/**
 * The workflow code Temporal bundles into its deterministic sandbox, and the packages it may load
 * there. Not zod: the sandbox evaluates every module anew for each run a worker starts, and building
 * zod's schemas was a fifth of the worker's workflow thread (decision 0007).
 */
export const sandbox = {
  entry: 'workflows-temporal/workflows/index.ts',
  packages: ['@temporalio/workflow', '@temporalio/common'],
};

/** The web client's entry, whose code must load in a browser. */
export const webEntry = 'web/src/main.tsx';

/** The top-level folder a repository path is in. */
export const areaOf = (path: string) => path.split('/')[0]!;

/** A test, or a program's own test tooling (a `test/` folder): these may import test support. */
export const isTestCode = (path: string) => /\.test\.tsx?$/.test(path) || path.split('/').includes('test');

const where = (edge: ImportEdge) => `${edge.file}:${edge.line} imports '${edge.specifier}'`;

/** Every import that crosses the layering, as `file:line imports '…': why`. */
export function layeringViolations(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const area = areas[areaOf(edge.file)];
    if (!area || edge.target === null) continue;
    const targetArea = areaOf(edge.target);
    if (area.mayImport.includes(targetArea)) continue;
    if (edge.file === hostedWorker.file && edge.target === hostedWorker.target) continue;
    if (targetArea === testSupport && isTestCode(edge.file)) continue;
    if (edge.typeOnly && area.typesFrom?.includes(edge.target)) continue;
    const allowed = [...area.mayImport, ...(area.typesFrom ?? []).map((file) => `types of ${file}`)].join(', ');
    problems.push(
      `${where(edge)}: ${area.why} (${areaOf(edge.file)}/ may import ${allowed}${isTestCode(edge.file) ? `, ${testSupport}` : ''})`,
    );
  }
  return problems;
}

/**
 * Imports that would break workflow code: whatever the sandbox entry loads (core files included)
 * may import only the sandbox's packages, and other code for its types only.
 */
export function sandboxViolations(edges: readonly ImportEdge[]): string[] {
  const loaded = loadedFrom(sandbox.entry, edges);
  return edges
    .filter(
      (edge) =>
        loaded.has(edge.file) &&
        !edge.typeOnly &&
        edge.target === null &&
        !sandbox.packages.includes(packageName(edge.specifier)),
    )
    .map(
      (edge) =>
        `${where(edge)}: code loaded by ${sandbox.entry} runs in Temporal's sandbox, which allows only ${sandbox.packages.join(', ')} (import other code with \`import type\`)`,
    );
}

/** Imports that would break the browser bundle: nothing the client loads may import a Node built-in. */
export function browserViolations(edges: readonly ImportEdge[]): string[] {
  const loaded = loadedFrom(webEntry, edges);
  return edges
    .filter((edge) => loaded.has(edge.file) && !edge.typeOnly && edge.target === null && isNodeBuiltin(edge.specifier))
    .map((edge) => `${where(edge)}: code loaded by ${webEntry} runs in the browser, which has no Node built-ins`);
}
