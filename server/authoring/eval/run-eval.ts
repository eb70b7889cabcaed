import type OpenAI from 'openai';
import { nodeCatalog, templateFunctionCatalog } from '../../../core/spec/node-catalog';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { validateSpec, type SpecProblem } from '../../../core/spec/validate-spec';
import type { RunStatus } from '../../../core/db/enums';
import { runAuthoringTurn } from '../authoring-turn';
import { currentPrompt } from '../prompts';
import { evalConnectors, type EvalCase } from './eval-cases';

/**
 * Test runs for the eval's proposals (testing/eval/eval-test-runs.ts assembles them on a stack):
 * the test hook of one case's turns, and how a test run ended.
 */
export interface EvalTestRuns {
  forCase(caseId: string): (spec: WorkflowSpec) => Promise<{ runId: string; problems: SpecProblem[] } | null>;
  outcome(runId: string): Promise<RunStatus>;
}

export interface TurnScore {
  /** The first answer was usable: a valid spec, or a question with no spec. */
  validFirst: boolean;
  /** Usable once repair rounds were spent. */
  validAfterRepair: boolean;
  /** What the turn got wrong against its case's expectations. */
  failures: string[];
  /** How the test run of its proposal ended (sample data, nothing sent); null when nothing was tested. */
  tested: 'success' | 'failed' | null;
  tokens: number;
  latencyMs: number;
}

export interface CaseScore {
  id: string;
  turns: TurnScore[];
  /** Every turn usable and every expectation met. */
  doesWhatAsked: boolean;
}

const owner = 'eval-owner';

/**
 * Plays one case against the endpoint, turn by turn, as the chat would (accepting each spec), and,
 * with `testRuns`, testing each proposal as the chat does: failures go back to the model, and a
 * proposal whose test run still fails does not do what was asked.
 */
export async function runEvalCase(
  client: OpenAI,
  model: string,
  evalCase: EvalCase,
  testRuns: EvalTestRuns | null = null,
): Promise<CaseScore> {
  const test = testRuns?.forCase(evalCase.id);
  const history: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  let current: WorkflowSpec | null = null;
  const turns: TurnScore[] = [];
  for (const turn of evalCase.turns) {
    const system = currentPrompt.system({
      catalog: nodeCatalog,
      functions: templateFunctionCatalog,
      connectors: evalConnectors,
      currentSpec: current,
      workflowName: current ? evalCase.id : null,
      today: new Date().toISOString().slice(0, 10),
    });
    const result = await runAuthoringTurn({
      client,
      model,
      prompt: currentPrompt,
      messages: [{ role: 'system', content: system }, ...history, { role: 'user', content: turn.say }],
      validate: async (spec) =>
        validateSpec(spec, { ownerId: owner, connectors: evalConnectors.map((c) => ({ ...c, ownerId: owner })) }),
      ...(test ? { test } : {}),
      onEvent: () => undefined,
    });
    const runStatus = testRuns && result.spec && result.testRunId ? await testRuns.outcome(result.testRunId) : null;
    const tested = runStatus === null ? null : runStatus === 'success' ? 'success' : 'failed';
    const usable =
      !result.error &&
      (result.spec !== null ||
        (result.questions.length > 0 && result.invalidSpec === null && result.problems.length === 0));
    const failures = result.error
      ? [result.error.message]
      : turn.expect
          .map((check) => check({ spec: result.spec, questions: result.questions, previous: current }))
          .filter((f): f is string => f !== null)
          .concat(
            tested === 'failed' ? [`its test run ${runStatus === 'failed' ? 'failed' : `ended ${runStatus}`}`] : [],
          );
    turns.push({
      validFirst: usable && result.repairRounds === 0,
      validAfterRepair: usable,
      failures,
      tested,
      tokens: result.promptTokens + result.completionTokens,
      latencyMs: result.latencyMs,
    });
    history.push(
      { role: 'user', content: turn.say },
      {
        role: 'assistant',
        content: JSON.stringify({
          reply: result.reply,
          questions: result.questions,
          name: result.name,
          spec: result.spec,
        }),
      },
    );
    current = result.spec ?? current;
  }
  return { id: evalCase.id, turns, doesWhatAsked: turns.every((t) => t.validAfterRepair && t.failures.length === 0) };
}

const percent = (n: number, of: number) => `${of ? Math.round((100 * n) / of) : 0}%`;

/** Test runs that succeeded of those made ("-" when none was). */
function tests(turns: TurnScore[]): string {
  const made = turns.filter((t) => t.tested !== null);
  return made.length ? `${made.filter((t) => t.tested === 'success').length}/${made.length}` : '-';
}

/** The report: one row per case, then totals over turns (validity) and cases (does what asked). */
export function formatReport(scores: CaseScore[]): { text: string; passRate: number } {
  const rows = scores.map((s) => {
    const turns = s.turns;
    return [
      s.id.padEnd(24),
      `${turns.filter((t) => t.validFirst).length}/${turns.length}`.padEnd(11),
      `${turns.filter((t) => t.validAfterRepair).length}/${turns.length}`.padEnd(13),
      (s.doesWhatAsked ? 'yes' : 'NO').padEnd(8),
      tests(s.turns).padEnd(7),
      String(turns.reduce((n, t) => n + t.tokens, 0)).padEnd(8),
      `${(turns.reduce((n, t) => n + t.latencyMs, 0) / 1000).toFixed(1)}s`.padEnd(8),
      turns.flatMap((t) => t.failures).join('; '),
    ].join(' ');
  });
  const allTurns = scores.flatMap((s) => s.turns);
  const passed = scores.filter((s) => s.doesWhatAsked).length;
  const header = [
    'case'.padEnd(24),
    'valid 1st'.padEnd(11),
    'valid repair'.padEnd(13),
    'does it'.padEnd(8),
    'tests'.padEnd(7),
    'tokens'.padEnd(8),
    'time'.padEnd(8),
    'what went wrong',
  ].join(' ');
  const total = `TOTAL: valid on first answer ${percent(allTurns.filter((t) => t.validFirst).length, allTurns.length)}, valid after repair ${percent(allTurns.filter((t) => t.validAfterRepair).length, allTurns.length)} (of ${allTurns.length} turns); test runs succeeded ${tests(allTurns)}; does what was asked ${passed}/${scores.length} cases (${percent(passed, scores.length)})`;
  return { text: [header, ...rows, '', total].join('\n'), passRate: scores.length ? passed / scores.length : 0 };
}
