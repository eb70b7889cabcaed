// A vitest setup file (vitest.config.ts): the app's log lines, and the Temporal SDK's through them,
// are kept per test and printed only for a test that fails, where they explain the failure. Lines
// written outside a test (a file's beforeAll starting its worker) go with the next test's.
import { afterEach, beforeEach } from 'vitest';
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
