import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, whatever directory a process was started from. The compiled programs sit as
 * deep in dist/ (dist/server/main.js) as this file does in the sources, so it is the same there.
 */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Whether this code runs as the compiled JavaScript of `npm run build` rather than from its sources. */
export const runsCompiled = !fileURLToPath(import.meta.url).endsWith('.ts');
/** Git-ignored state of the embedded development stack; it survives restarts. */
export const dataDir = join(repoRoot, '.data');
/** The Temporal CLI fetched by server/dev/bootstrap.mjs (which owns the version). */
export const temporalCliPath = join(repoRoot, '.tools', 'temporal', 'temporal');
/** Git-ignored development secrets, generated on first run. */
export const dotEnvPath = join(repoRoot, '.env');
