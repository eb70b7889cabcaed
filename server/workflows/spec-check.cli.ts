// `npm run spec:check -- FILE.json [FILE.json…]`: prints every problem of each spec and exits 1 when
// there are any, 0 when all are valid, 2 when a file cannot be read as JSON. Offline: connector ids
// are checked when a spec is saved through the API, where the owner is known.
import { readFileSync } from 'node:fs';
import { validateSpec } from '../../core/spec/validate-spec';

const files = process.argv.slice(2).filter((arg) => arg !== '--');
if (files.length === 0) {
  console.error('usage: npm run spec:check -- FILE.json [FILE.json…]');
  process.exit(2);
}

let exitCode = 0;
for (const file of files) {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: cannot read as JSON: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 2;
    continue;
  }
  const result = validateSpec(input, { ownerId: '', connectors: null });
  if (result.ok) {
    console.log(
      `${file}: valid (${result.spec.nodes.length} nodes, ${result.spec.edges.length} edges; connectors not checked offline)`,
    );
  } else {
    console.log(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const problem of result.problems) console.log(`  ${problem.path || '(spec)'}: ${problem.message}`);
    exitCode = Math.max(exitCode, 1);
  }
}
process.exit(exitCode);
