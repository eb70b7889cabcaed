import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { isUuid } from './uuid';

// Keyset pagination: a page ends at (time, id) of its last row and the next page starts strictly
// after it, so rows added meanwhile neither repeat nor vanish, and deep pages stay cheap.

export const pageInput = {
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).nullable().default(null),
};

export interface Keyset {
  at: Date;
  id: string;
}

export const encodeCursor = ({ at, id }: Keyset) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

export function decodeCursor(cursor: string): Keyset {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (!isUuid(id) || Number.isNaN(date.getTime()))
    throw new AppError('BAD_REQUEST', 'That page cursor is not one this API gave out.');
  return { at: date, id };
}

/** Rows strictly after `cursor` in (`column` DESC, id DESC) order, the order every list uses. */
export function afterCursor(cursor: string, column: string): WhereOptions {
  const { at, id } = decodeCursor(cursor);
  // `column <= at` follows from the OR, but unlike it is a range an index on (column, id) starts
  // its scan from: without it a deep page reads every row above the cursor and throws them away.
  return {
    [Op.and]: [
      { [column]: { [Op.lte]: at } },
      { [Op.or]: [{ [column]: { [Op.lt]: at } }, { [column]: at, id: { [Op.lt]: id } }] },
    ],
  };
}

/** One page from the `limit + 1` rows a list fetched: the extra row only says another page exists. */
export function toPage<T extends { id: string }>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Date,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ at: keyOf(last), id: last.id }) : null };
}
