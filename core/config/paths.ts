import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory a process was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Git-ignored state of the embedded development stack; it survives restarts. */
export const dataDir = join(repoRoot, '.data');
/** The Temporal CLI fetched by server/dev/bootstrap.mjs (which owns the version). */
export const temporalCliPath = join(repoRoot, '.tools', 'temporal', 'temporal');
/** Git-ignored development secrets, generated on first run. */
export const dotEnvPath = join(repoRoot, '.env');
