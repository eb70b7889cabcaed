import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetters, formatA1Range, parseA1Range, parseCellBox, quoteSheetTitle } from './a1-notation';

describe('A1 notation', () => {
  it('converts column letters and indices both ways', () => {
    const pairs: Array<[string, number]> = [
      ['A', 0],
      ['Z', 25],
      ['AA', 26],
      ['AZ', 51],
      ['BA', 52],
      ['ZZ', 701],
      ['AAA', 702],
      ['ZZZ', 18_277],
    ];
    for (const [letters, index] of pairs) {
      expect(columnIndex(letters)).toBe(index);
      expect(columnLetters(index)).toBe(letters);
    }
    expect(columnIndex('b')).toBe(1);
    expect(columnIndex('A1')).toBe(-1);
  });

  it('parses sheet names, quoted or not, with or without cells', () => {
    expect(parseA1Range('Sheet1')).toEqual({ sheet: 'Sheet1', box: undefined });
    expect(parseA1Range("'My Sheet'")).toEqual({ sheet: 'My Sheet', box: undefined });
    expect(parseA1Range("'Bob''s data'!A1")).toEqual({
      sheet: "Bob's data",
      box: { startRow: 0, startColumn: 0, endRow: 0, endColumn: 0 },
    });
    expect(parseA1Range('Sheet1!A1:C10')).toEqual({
      sheet: 'Sheet1',
      box: { startRow: 0, startColumn: 0, endRow: 9, endColumn: 2 },
    });
    expect(parseA1Range("'My Sheet'!A:B")).toEqual({
      sheet: 'My Sheet',
      box: { startRow: 0, startColumn: 0, endRow: null, endColumn: 1 },
    });
  });

  it('parses open-ended and reversed boxes', () => {
    expect(parseCellBox('A2:C')).toEqual({ startRow: 1, startColumn: 0, endRow: null, endColumn: 2 });
    expect(parseCellBox('2:5')).toEqual({ startRow: 1, startColumn: 0, endRow: 4, endColumn: null });
    expect(parseCellBox('c10:a1')).toEqual({ startRow: 0, startColumn: 0, endRow: 9, endColumn: 2 });
  });

  it('rejects malformed ranges', () => {
    for (const bad of [
      '',
      '!A1',
      'Sheet1!',
      'Sheet1!A0',
      'Sheet1!1A',
      'Sheet1!A1:B2:C3',
      'Sheet1!A:3',
      "'unterminated!A1",
      'Sheet1!AAAA1',
      'Sheet1!A',
    ]) {
      expect(parseA1Range(bad), bad).toBeNull();
    }
  });

  it('formats ranges, quoting titles that need it', () => {
    expect(formatA1Range('Sheet1', 0, 0, 9, 2)).toBe('Sheet1!A1:C10');
    expect(formatA1Range('My Sheet', 4, 26, 4, 27)).toBe("'My Sheet'!AA5:AB5");
    expect(quoteSheetTitle("Bob's")).toBe("'Bob''s'");
  });
});
