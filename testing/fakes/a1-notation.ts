// A1 notation as the Sheets API reads it, for the Google Sheets fake. Indices are 0-based and
// inclusive; `null` on an end means "to the edge of the sheet" (as in `A:B` or `A2:C`).

/** A rectangle of cells; null ends are open to the sheet's edge. */
export interface CellBox {
  startRow: number;
  startColumn: number;
  endRow: number | null;
  endColumn: number | null;
}

/** A parsed range: `sheet` undefined means "the first sheet", `box` undefined means "the whole sheet". */
export interface A1Range {
  sheet: string | undefined;
  box: CellBox | undefined;
}

// The Sheets API's own grid limits: 18,278 columns (ZZZ) and 10 million cells, so at most 10 million rows.
const MAX_COLUMNS = 18_278;
const MAX_ROWS = 10_000_000;

/** Column letters (A, Z, AA, ...) to a 0-based index; -1 when not letters. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]+$/.test(letters)) return -1;
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** A 0-based column index to its letters (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Parses `Sheet1`, `Sheet1!A1:C10`, `'My Sheet'!A:B`, `A1:B2`; null when malformed. */
export function parseA1Range(text: string): A1Range | null {
  if (text.startsWith("'")) {
    // Quoted title: '' stands for one apostrophe; the closing quote is a lone one.
    const match = /^'((?:[^']|'')+)'(?:!(.*))?$/s.exec(text);
    if (!match) return null;
    const sheet = (match[1] ?? '').replaceAll("''", "'");
    if (match[2] === undefined) return { sheet, box: undefined };
    const box = parseCellBox(match[2]);
    return box ? { sheet, box } : null;
  }
  const bang = text.lastIndexOf('!');
  if (bang === -1) {
    // `Foo` alone names a sheet; the caller falls back to parseCellBox when no sheet has that title.
    return text === '' ? null : { sheet: text, box: undefined };
  }
  const sheet = text.slice(0, bang);
  const box = parseCellBox(text.slice(bang + 1));
  return sheet !== '' && box ? { sheet, box } : null;
}

/** Parses the cell part alone: `A1`, `A1:C10`, `A:B`, `2:5`, `A2:C`; null when malformed. */
export function parseCellBox(text: string): CellBox | null {
  const parts = text.split(':');
  if (parts.length === 1) {
    const cell = parseEndpoint(parts[0] ?? '');
    // A single reference must name one cell; `A` or `3` alone is not a range Google accepts.
    if (!cell || cell.column === null || cell.row === null) return null;
    return { startRow: cell.row, startColumn: cell.column, endRow: cell.row, endColumn: cell.column };
  }
  if (parts.length !== 2) return null;
  const start = parseEndpoint(parts[0] ?? '');
  const end = parseEndpoint(parts[1] ?? '');
  if (!start || !end) return null;
  // `A:3` mixes a whole column with a whole row; that describes no rectangle.
  if ((start.row === null && end.column === null) || (start.column === null && end.row === null)) return null;
  let startRow = start.row ?? 0;
  let startColumn = start.column ?? 0;
  let endRow = end.row;
  let endColumn = end.column;
  // Google normalises reversed corners (C10:A1 is A1:C10).
  if (endRow !== null && endRow < startRow) [startRow, endRow] = [endRow, startRow];
  if (endColumn !== null && endColumn < startColumn) [startColumn, endColumn] = [endColumn, startColumn];
  return { startRow, startColumn, endRow, endColumn };
}

function parseEndpoint(text: string): { column: number | null; row: number | null } | null {
  const match = /^([A-Za-z]*)([0-9]*)$/.exec(text);
  if (!match || text === '') return null;
  const letters = match[1] ?? '';
  const digits = match[2] ?? '';
  const column = letters === '' ? null : columnIndex(letters);
  const row = digits === '' ? null : Number(digits) - 1;
  if (column !== null && column >= MAX_COLUMNS) return null;
  if (row !== null && (row < 0 || row >= MAX_ROWS)) return null;
  return { column, row };
}

/** A sheet title as it appears in a range: quoted unless plain letters, digits and underscores. */
export function quoteSheetTitle(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`;
}

/** `Sheet1!A1:C3` for a closed, 0-based box. */
export function formatA1Range(
  sheet: string,
  startRow: number,
  startColumn: number,
  endRow: number,
  endColumn: number,
): string {
  return `${quoteSheetTitle(sheet)}!${columnLetters(startColumn)}${startRow + 1}:${columnLetters(endColumn)}${endRow + 1}`;
}
