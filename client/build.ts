// Builds the client package in client/dist: the declarations of `AppRouter` and the JavaScript of
// `createWorkflowAgentClient`. `npm run build:client`, then `npm pack ./client` makes the tarball.
//
// The router's declarations reach into the server's own types (its services, Sequelize models,
// Temporal's client) only through the tRPC context, which a client never sees. So the context's
// declaration is replaced by an empty interface, and only the files the entry point still reaches
// are kept: the package then needs nothing but tRPC and zod to type-check.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const clientDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(clientDir, '..');
const outDir = join(clientDir, 'dist');
const entry = join(clientDir, 'src', 'index.ts');
/** The only packages the declarations may name: the package's own dependencies. */
const allowedPackages = new Set(
  Object.keys(JSON.parse(readFileSync(join(clientDir, 'package.json'), 'utf8')).dependencies),
);

function fail(message: string): never {
  console.error(`[build:client] ${message}`);
  process.exit(1);
}

function emitDeclarations() {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  )!;
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    outDir,
    rootDir: root,
    types: [],
  };
  const program = ts.createProgram([entry], options);
  const result = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (problems.length > 0)
    fail(ts.formatDiagnostics(problems, { ...ts.sys, getCanonicalFileName: (f) => f, getNewLine: () => '\n' }));
}

/** What the `import`/`export … from` and `import("…")` of a declaration file name, comments aside. */
function specifiersOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)].map((m) => m[1]!);
}

function declarationFor(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [`${base}.d.ts`, join(base, 'index.d.ts')]) if (existsSync(candidate)) return candidate;
  return fail(`${relative(outDir, fromFile)} imports ${specifier}, which has no declaration file`);
}

/** The declaration files the entry point reaches, and the packages they name. */
function reachable(start: string) {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) pending.push(declarationFor(file, specifier));
      else
        packages.set(
          specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!,
          file,
        );
    }
  }
  return { files, packages };
}

/**
 * Names each relative import's file in full (`./x.js` for `x.d.ts`), as Node's ESM resolution, and
 * TypeScript's `NodeNext`, require of a package's declarations.
 */
function withExtensions(file: string) {
  const text = readFileSync(file, 'utf8').replace(
    /((?:from\s+|import\()\s*["'])(\.{1,2}\/[^"']*)(["'])/g,
    (_, before: string, specifier: string, after: string) => {
      const target = relative(dirname(file), declarationFor(file, specifier)).replace(/\.d\.ts$/, '.js');
      return `${before}${target.startsWith('.') ? target : `./${target}`}${after}`;
    },
  );
  writeFileSync(file, text);
}

function removeUnreached(dir: string, keep: Set<string>) {
  for (const entryName of ts.sys.readDirectory(dir, ['.d.ts'])) {
    const file = resolve(entryName);
    if (!keep.has(file)) rmSync(file);
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
emitDeclarations();
writeFileSync(
  join(outDir, 'server', 'trpc', 'context.d.ts'),
  "/** The server's per-request context: services and the caller. Not part of the client's contract. */\nexport interface Context {}\n",
);
const entryDeclaration = join(outDir, 'client', 'src', 'index.d.ts');
const { files, packages } = reachable(entryDeclaration);
for (const [name, file] of packages)
  if (!allowedPackages.has(name)) fail(`${relative(outDir, file)} names ${name}, which the package does not depend on`);
removeUnreached(outDir, files);
for (const file of files) withExtensions(file);
const js = ts.transpileModule(readFileSync(entry, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
});
writeFileSync(join(outDir, 'client', 'src', 'index.js'), js.outputText);
console.log(`[build:client] ${files.size} declaration files in ${relative(root, outDir)}`);
