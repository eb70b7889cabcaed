// `npm run build`: the API, the worker and the migrations as JavaScript in dist/, for production
// (`npm start`, the Dockerfile), where nothing compiles TypeScript at start.
//
// - Each program is one ES module bundle of its own sources; packages stay imports, resolved from
//   node_modules at run time, so each must be a production dependency: the build checks that.
// - Every program's bundle sits two folders below the root (dist/server/main.js), as
//   core/config/paths.ts does in the sources, so `repoRoot` means the same in both.
// - Migrations are compiled one file each into dist/migrations, where the migrator looks when it
//   runs compiled (core/db/migrator.ts).
// - The worker's workflow code is bundled now with the SDK's bundleWorkflowCode, as the worker
//   would at each start, into dist/workflows-temporal/workflow-bundle.js, and again with the
//   tracing interceptors into workflow-bundle-traced.js for a worker with tracing on.
import { builtinModules, createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { build, type Metafile } from 'esbuild';
import { repoRoot } from '../../core/config/paths';
import { tracingWorkflowModule } from '../../core/telemetry/tracing';

const distDir = join(repoRoot, 'dist');

/** The programs' entry points, by their path in dist/ without `.js`. */
const programs = {
  'server/main': 'server/main.ts',
  'server/migrate': 'server/db/migrate.cli.ts',
  'server/start': 'server/start.ts',
  'workflows-temporal/worker': 'workflows-temporal/worker.ts',
};

const common = {
  absWorkingDir: repoRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
} as const;

/** The package an import names (`@scope/name` or `name`), or null for a Node built-in. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Packages the bundles import that `npm ci --omit=dev` would not install. */
function missingDependencies(metafiles: Metafile[]): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const imported = new Set(
    metafiles.flatMap((metafile) =>
      Object.values(metafile.outputs).flatMap((output) =>
        output.imports.filter((i) => i.external).map((i) => packageOf(i.path)),
      ),
    ),
  );
  return [...imported].filter((name): name is string => name !== null && !(name in manifest.dependencies)).sort();
}

async function main() {
  rmSync(distDir, { recursive: true, force: true });
  const programsBuild = await build({ ...common, entryPoints: programs, outdir: distDir });
  const migrationsDir = join(repoRoot, 'migrations');
  const migrations = readdirSync(migrationsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const migrationsBuild = await build({
    ...common,
    entryPoints: migrations.map((f) => join(migrationsDir, f)),
    outdir: join(distDir, 'migrations'),
  });
  const missing = missingDependencies([programsBuild.metafile, migrationsBuild.metafile]);
  if (missing.length > 0) {
    throw new Error(
      `The build imports ${missing.join(', ')}, which package.json lists only as dev dependencies (or not at all); production installs without them.`,
    );
  }
  mkdirSync(join(distDir, 'workflows-temporal'), { recursive: true });
  const bundles = { 'workflow-bundle.js': [], 'workflow-bundle-traced.js': [tracingWorkflowModule] };
  for (const [file, interceptorModules] of Object.entries(bundles)) {
    const { code } = await bundleWorkflowCode({
      workflowsPath: join(repoRoot, 'workflows-temporal', 'workflows', 'index.ts'),
      workflowInterceptorModules: interceptorModules.map((module) => createRequire(import.meta.url).resolve(module)),
      logger: new DefaultLogger('WARN'),
    });
    writeFileSync(join(distDir, 'workflows-temporal', file), code);
  }
  console.log(
    `[build] ${Object.keys(programs).length} programs, ${migrations.length} migrations and the workflow bundles in dist/`,
  );
}

await main().catch((error: unknown) => {
  console.error(`[build] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
