import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../../core/config/paths';
import { fiveNodeSpec } from '../../testing/five-node-spec';

const dir = mkdtempSync(join(tmpdir(), 'spec-check-'));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

function specCheck(...files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'tsx'),
      ['server/workflows/spec-check.cli.ts', '--', ...files],
      { cwd: repoRoot },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

const ids = { http: '11111111-1111-4111-8111-111111111111', smtp: '22222222-2222-4222-8222-222222222222' };

it('exits 0 and says so for a valid spec', async () => {
  const result = await specCheck(file('valid.json', JSON.stringify(fiveNodeSpec(ids))));
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/valid\.json: valid \(5 nodes, 4 edges; connectors not checked offline\)/);
});

it('prints every problem with its path and exits 1', async () => {
  const spec = fiveNodeSpec(ids) as any;
  spec.edges.push(['notify', 'fetch']);
  spec.trigger = { type: 'cron', cron: '0 25 * * *' };
  const result = await specCheck(file('broken.json', JSON.stringify(spec)));
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/broken\.json: \d+ problems/);
  expect(result.stdout).toMatch(/ {2}edges: the graph has a cycle through/);
  expect(result.stdout).toMatch(/ {2}trigger\.cron: hour: 25 is outside 0-23/);
});

it('exits 2 for a file that is not JSON', async () => {
  const result = await specCheck(file('nope.json', '{ "trigger": '));
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/nope\.json: cannot read as JSON/);
});
