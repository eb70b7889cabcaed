import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitUntil } from '../../testing/run-environment';
import { watchSources } from './watch-sources';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it('reports a changed source file under the watched folders, not tests or other files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'wfa-watch-'));
  mkdirSync(join(root, 'core', 'db'), { recursive: true });
  mkdirSync(join(root, 'web'));
  const changes: string[] = [];
  const errors: string[] = [];
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cleanups.push(
    watchSources(root, ['core'], (file) => changes.push(file), {
      onError: (message) => errors.push(message),
      settleMs: 20,
    }),
  );

  writeFileSync(join(root, 'core', 'db', 'models.test.ts'), 'test');
  writeFileSync(join(root, 'core', 'notes.md'), 'notes');
  writeFileSync(join(root, 'web', 'page.ts'), 'elsewhere');
  await new Promise((resolve) => setTimeout(resolve, 100)); // let those events arrive first
  writeFileSync(join(root, 'core', 'db', 'models.ts'), 'source');
  await waitUntil('the change is reported', async () => changes.length > 0);
  expect(changes).toEqual(['core/db/models.ts']);
  expect(errors).toEqual([]);
});
