import pg from 'pg';
import type { Sequelize } from 'sequelize';

/** A SELECT as Sequelize sent it, with its bind parameters when it used any. */
export interface CapturedQuery {
  sql: string;
  bind: unknown[];
}

/**
 * The SELECTs `work` makes through `sequelize`, read from its `logging` hook (off in the app:
 * rows may hold secrets; on here only while `work` runs, on seeded data).
 */
export async function captureSelects(sequelize: Sequelize, work: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  // Sequelize reads `options.logging` at every query; its typings leave `options` out.
  const { options } = sequelize as unknown as { options: { logging: unknown } };
  const previous = options.logging;
  options.logging = (message: string, queryOptions?: { bind?: unknown }) => {
    const sql = message.replace(/^Executing \([^)]*\): /, '');
    const bind = queryOptions?.bind;
    if (/^\s*SELECT\b/i.test(sql)) captured.push({ sql, bind: Array.isArray(bind) ? bind : [] });
  };
  try {
    await work();
  } finally {
    options.logging = previous;
  }
  return captured;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  Plans?: PlanNode[];
}

/** What one statement's plan does, in a line: its scans (each index named), its time and buffers. */
export interface PlanSummary {
  /** The first table the statement reads, to tell statements apart in the report. */
  table: string;
  scans: string[];
  sorts: number;
  executionMs: number;
  buffers: number;
}

/** The plan's scans, leaves first: `index name` for an index, `seq scan table` where it reads a whole table. */
function scansOf(node: PlanNode): string[] {
  const children = (node.Plans ?? []).flatMap(scansOf);
  if (node['Index Name']) {
    const only = node['Node Type'] === 'Index Only Scan' ? ' (index only)' : '';
    return [`${node['Index Name']}${node['Scan Direction'] === 'Backward' ? ' backward' : ''}${only}`, ...children];
  }
  if (node['Node Type'] === 'Seq Scan') return [`seq scan ${node['Relation Name']}`, ...children];
  return children; // a bitmap heap scan's index is its child's
}

const countSorts = (node: PlanNode): number =>
  (node['Node Type'] === 'Sort' ? 1 : 0) + (node.Plans ?? []).reduce((n, child) => n + countSorts(child), 0);

/** Runs `EXPLAIN (ANALYZE, BUFFERS)` of each query on `url` and sums each plan up. */
export async function explainAll(url: string, queries: CapturedQuery[]): Promise<PlanSummary[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const summaries: PlanSummary[] = [];
    for (const { sql, bind } of queries) {
      const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql.replace(/;\s*$/, '')}`,
        bind,
      );
      const { Plan: plan, 'Execution Time': executionMs } = rows[0]!['QUERY PLAN'][0]!;
      summaries.push({
        table: /\bFROM\s+"?(\w+)"?/i.exec(sql)?.[1] ?? '?',
        scans: scansOf(plan),
        sorts: countSorts(plan),
        executionMs,
        buffers: plan['Shared Hit Blocks'] + plan['Shared Read Blocks'],
      });
    }
    return summaries;
  } finally {
    await client.end();
  }
}
