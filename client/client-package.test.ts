import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callerFor } from '../testing/caller';
import { createOwner } from '../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../testing/test-database';
import { startTestServer, testConfig, type TestServer } from '../testing/test-server';

// Builds and packs the client package, installs the tarball in a TypeScript project outside the
// repository (strict, declarations checked: skipLibCheck off), type-checks a call there and runs it
// against the real API. A second program, which treats a date as a Date, must not type-check.

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const version = (name: string) =>
  (JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

let db: MigratedDatabase;
let server: TestServer;
let grace: Awaited<ReturnType<typeof createOwner>>;
let consumer: string;

beforeAll(async () => {
  db = await migratedTestDatabase();
  grace = await createOwner(db.models, 'grace@example.com');
  server = await startTestServer(testConfig(db.url));
  consumer = mkdtempSync(join(tmpdir(), 'wfa-client-consumer-'));
});
afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

const main = `import { createWorkflowAgentClient, type Outputs } from '@workflow-agent/client';

const [url, token] = process.argv.slice(2) as [string, string];
const api = createWorkflowAgentClient(url, token);
const tokens: Outputs['apiTokens']['list'] = await api.apiTokens.list.query();
const createdAt: string = tokens[0]!.createdAt;
const me = await api.auth.me.query();
console.log(JSON.stringify({ email: me.email, createdAt, type: typeof createdAt, year: new Date(createdAt).getUTCFullYear() }));
`;

const wrong = `import { createWorkflowAgentClient } from '@workflow-agent/client';

const api = createWorkflowAgentClient('http://localhost:3000', 'wfa_x');
const tokens = await api.apiTokens.list.query();
export const millis: number = tokens[0]!.createdAt.getTime();
`;

/** A strict ESM TypeScript project; one in a subfolder resolves packages from the folders above. */
function writeProject(dir: string, source: string) {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'src', 'main.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        outDir: 'dist',
      },
      include: ['src'],
    }),
  );
}

it('installs from its tarball outside the repository, type-checks and reads a date as the string it is', async () => {
  await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['client/build.ts'], { cwd: repoRoot });
  await run('npm', ['pack', './client', '--pack-destination', consumer], { cwd: repoRoot });
  const tarball = readdirSync(consumer).find((f) => f.endsWith('.tgz'))!;
  writeProject(consumer, main);
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      `./${tarball}`,
      `typescript@${version('typescript')}`,
      `@types/node@${version('@types/node')}`,
    ],
    { cwd: consumer },
  );
  await run(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: consumer }).catch(
    (error: { stdout: string }) => {
      throw new Error(`the consumer does not type-check:\n${error.stdout}`);
    },
  );

  const { token, apiToken } = await callerFor(server.services, grace).apiTokens.create({ name: 'packed client' });
  const { stdout } = await run('node', ['dist/main.js', server.baseUrl, token], { cwd: consumer });
  const stored = await db.models.ApiToken.findByPk(apiToken.id);
  expect(JSON.parse(stdout)).toEqual({
    email: 'grace@example.com',
    createdAt: stored!.createdAt.toISOString(),
    type: 'string',
    year: stored!.createdAt.getUTCFullYear(),
  });

  // The same types refuse what would throw at run time: a date is not a Date here.
  const wrongProject = join(consumer, 'wrong');
  writeProject(wrongProject, wrong);
  const refused = await run(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.', '--noEmit'], {
    cwd: wrongProject,
  }).then(
    () => null,
    (error: { stdout: string }) => error.stdout,
  );
  expect(refused).toMatch(/Property 'getTime' does not exist on type 'string'/);
}, 240_000);
