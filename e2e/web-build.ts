import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../core/config/paths';

// Browser tests drive the production bundle, built once per change of its sources: one build
// shared by every test file is far cheaper than a Vite dev server per file, and it is what ships.

// What the bundle may import: the client and core (the boundary test keeps it to these, plus the
// API's router type, which builds no code). Core is hashed whole, tests aside, so that a new
// import from it can never leave a stale bundle.
const sources = ['web', 'core'];
const ignored = (name: string) => name === 'dist' || name === 'node_modules' || /\.test\.tsx?$/.test(name);
const buildsDir = join(repoRoot, '.artifacts', 'web-builds');

function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!statSync(path).isDirectory()) {
      hash.update(relative(repoRoot, path)).update('\0').update(readFileSync(path)).update('\0');
      return;
    }
    for (const entry of readdirSync(path).sort()) if (!ignored(entry)) visit(join(path, entry));
  };
  for (const source of sources) visit(join(repoRoot, source));
  hash.update(readFileSync(join(repoRoot, 'package-lock.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder holding the built client for the current sources. Test files run in parallel: the
 * first to need a build takes a lock (an atomic mkdir), the others wait for its result.
 */
export async function builtWebClient(): Promise<string> {
  const outDir = join(buildsDir, sourceHash());
  const lock = `${outDir}.lock`;
  mkdirSync(buildsDir, { recursive: true });
  for (const deadline = Date.now() + 180_000; !existsSync(join(outDir, 'index.html'));) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for the web build in ${outDir} (remove ${lock} if a build was interrupted)`);
    try {
      mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      const staging = `${outDir}.staging-${process.pid}`;
      await build({
        configFile: join(repoRoot, 'web', 'vite.config.ts'),
        logLevel: 'warn',
        build: { outDir: staging, emptyOutDir: true },
      });
      renameSync(staging, outDir);
      // Builds of earlier sources are never read again.
      for (const old of readdirSync(buildsDir))
        if (!old.includes('.') && join(buildsDir, old) !== outDir)
          rmSync(join(buildsDir, old), { recursive: true, force: true });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return outDir;
}
