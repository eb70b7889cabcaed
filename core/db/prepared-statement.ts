import type { ClientBase } from 'pg';
import type { Sequelize, Transaction } from 'sequelize';

// Statements on the path every run takes (an attempt's read and write, the run's end, a webhook
// delivery's inserts), which PostgreSQL parses and plans once per connection and then only
// executes. Sent through Sequelize with replacements, such a statement was parsed and planned anew
// each time: the attempt's read cost PostgreSQL about 420 µs that way and 45 µs prepared, and
// Sequelize's own handling of it 250 µs of the caller's CPU against 30-60 µs for the driver alone
// (decision 0007).

/** A statement with `:name` parameters, compiled once to PostgreSQL's `$1…$n`, answering `Row`s. */
export interface PreparedStatement<Params extends string, Row> {
  /** The name PostgreSQL knows it by on each connection that has run it. */
  name: string;
  /** Its text with `$n` placeholders, and the parameter of each `$n` in order; compiled on first use. */
  compiled(): { text: string; params: readonly Params[] };
  /** Never set: it carries the type of the rows to `runPrepared`. */
  readonly rows?: Row[];
}

/**
 * Compiles `sql`, whose parameters are written `:name` (a name used twice is one parameter; `::type`
 * casts are left alone, and no string literal may hold `:word`). Give each parameter its type with
 * `CAST(:name AS type)` at every use: a prepared statement's parameter has one type, and PostgreSQL
 * refuses one it cannot infer, or infers two ways. `sql` may be a function, called on first use,
 * when the text needs what exists only once the app runs (a model's columns: `modelColumns`).
 */
export function preparedStatement<Params extends string, Row>(
  name: string,
  sql: string | (() => string),
): PreparedStatement<Params, Row> {
  let compiled: { text: string; params: Params[] } | null = null;
  const compile = () => {
    const params: Params[] = [];
    const text = (typeof sql === 'string' ? sql : sql()).replace(/(?<![:\w]):([A-Za-z]\w*)/g, (_, param: Params) => {
      const at = params.indexOf(param);
      return `$${(at === -1 ? params.push(param) : at + 1).toString()}`;
    });
    return { text, params };
  };
  return { name, compiled: () => (compiled ??= compile()) };
}

/**
 * Runs the statement on one of Sequelize's pooled connections (pg clients, which remember the
 * statements they have prepared, with Sequelize's type parsers), or on the transaction's own, and
 * returns its rows.
 */
export async function runPrepared<Params extends string, Row>(
  sequelize: Sequelize,
  statement: PreparedStatement<Params, Row>,
  values: Record<Params, unknown>,
  transaction?: Transaction,
): Promise<Row[]> {
  const { connectionManager } = sequelize;
  // A Sequelize transaction holds its connection from BEGIN to COMMIT (v6 keeps it as
  // `connection`, untyped): a statement of the transaction must run there, and the pool keeps it.
  const held = (transaction as (Transaction & { connection?: ClientBase }) | undefined)?.connection;
  if (transaction && !held) throw new Error(`${statement.name}: the transaction has no connection`);
  const connection = held ?? ((await connectionManager.getConnection({ type: 'write' })) as ClientBase);
  const { text, params } = statement.compiled();
  try {
    const result = await connection.query({
      name: statement.name,
      text,
      values: params.map((param) => {
        // A parameter left undefined would be sent as NULL: a bug to report, not a value.
        if (values[param] === undefined) throw new Error(`${statement.name}: no value for :${param}`);
        return values[param];
      }),
    });
    return result.rows as Row[];
  } finally {
    if (!held) connectionManager.releaseConnection(connection);
  }
}
