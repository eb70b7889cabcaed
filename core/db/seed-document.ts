import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../config/paths';

// Parses docs/database-schema.md (the seed document, the schema's contract) into expectations.

export interface SeedTable {
  name: string;
  columns: Array<{ name: string; type: string; description: string }>;
  indexes: Array<{ column: string; unique: boolean }>;
}

/** The seed's SQL types as information_schema spells them; TIMESTAMP is stored as timestamptz. */
export function informationSchemaType(seedType: string): string {
  const varchar = /^VARCHAR\((\d+)\)$/.exec(seedType);
  if (varchar) return `character varying(${varchar[1]})`;
  const types: Record<string, string> = {
    UUID: 'uuid',
    TEXT: 'text',
    JSONB: 'jsonb',
    INTEGER: 'integer',
    TIMESTAMP: 'timestamp with time zone',
  };
  const type = types[seedType];
  if (!type) throw new Error(`the seed document uses a type this parser does not know: ${seedType}`);
  return type;
}

export function parseSeedDocument(
  markdown = readFileSync(join(repoRoot, 'docs', 'database-schema.md'), 'utf8'),
): SeedTable[] {
  const tables: SeedTable[] = [];
  let current: SeedTable | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^### (\w+)\s*$/.exec(line);
    if (heading) {
      current = { name: heading[1]!, columns: [], indexes: [] };
      tables.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('## ')) current = null;
    const row = /^\| (\w+) \| ([A-Z]+(?:\(\d+\))?) \| (.*) \|$/.exec(line);
    if (row) current?.columns.push({ name: row[1]!, type: row[2]!, description: row[3]! });
    const index = /^- (Unique index|Index) on `(\w+)`/.exec(line);
    if (index) current?.indexes.push({ column: index[2]!, unique: index[1] === 'Unique index' });
  }
  return tables;
}
