import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';

// Reads the live schema from information_schema / pg_catalog, for the contract and migration tests.

export interface LiveColumn {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

export async function liveColumns(sequelize: Sequelize): Promise<LiveColumn[]> {
  const rows = await sequelize.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    len: number | null;
    is_nullable: string;
    column_default: string | null;
  }>(
    `SELECT table_name, column_name, data_type, character_maximum_length AS len, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    { type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    type: r.len ? `${r.data_type}(${r.len})` : r.data_type,
    nullable: r.is_nullable === 'YES',
    default: r.column_default,
  }));
}

export async function livePrimaryKeys(sequelize: Sequelize): Promise<Array<{ table: string; column: string }>> {
  return sequelize.query(
    `SELECT tc.table_name AS "table", kcu.column_name AS "column"
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
      WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'`,
    { type: QueryTypes.SELECT },
  );
}

export async function liveForeignKeys(
  sequelize: Sequelize,
): Promise<Array<{ table: string; column: string; refTable: string; refColumn: string }>> {
  return sequelize.query(
    `SELECT tc.table_name AS "table", kcu.column_name AS "column", ccu.table_name AS "refTable", ccu.column_name AS "refColumn"
       FROM information_schema.table_constraints tc
       JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
       JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.table_schema = 'public' AND tc.constraint_type = 'FOREIGN KEY'`,
    { type: QueryTypes.SELECT },
  );
}

/** Every index with its columns in order and whether it is unique (primary keys excluded). */
export async function liveIndexes(
  sequelize: Sequelize,
): Promise<Array<{ table: string; name: string; columns: string[]; unique: boolean }>> {
  return sequelize.query(
    `SELECT t.relname AS "table", i.relname AS "name", ix.indisunique AS "unique",
            array_agg(a.attname::text ORDER BY k.ord) AS "columns"
       FROM pg_index ix
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND NOT ix.indisprimary
      GROUP BY t.relname, i.relname, ix.indisunique`,
    { type: QueryTypes.SELECT },
  );
}
