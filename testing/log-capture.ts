// A vitest setup file (vitest.config.ts): the app's log lines, and the Temporal SDK's through them,
// are kept per test and printed only for a test that fails, where they explain the failure. Lines
// written outside a test (a file's beforeAll starting its worker) go with the next test's, or, when
// a beforeAll or afterAll fails (no test runs after a failed beforeAll), are printed with the file.
import { afterAll, afterEach, beforeEach } from 'vitest';
import { redirectLogs } from '../core/logging/logger';

let lines: string[] = [];
redirectLogs((line) => void lines.push(line));

beforeEach(({ onTestFailed }) => {
  const kept = lines;
  onTestFailed(() => {
    if (kept.length) console.log(`log lines of this test (${kept.length}):\n${kept.join('')}`);
  });
});

afterEach(() => {
  lines = [];
});

// Runs after the file's own afterAll hooks. The file's result is set only when one of its beforeAll
// or afterAll hooks failed.
// eslint-disable-next-line no-empty-pattern -- vitest wants the context destructured before the suite
afterAll(({}, file) => {
  if (file.result?.state === 'fail' && lines.length)
    console.log(`log lines outside this file's tests (${lines.length}):\n${lines.join('')}`);
});
