import { z } from 'zod';
import { AppError } from '../errors/app-error';

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
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(date.getTime())) throw new AppError('BAD_REQUEST', 'That page cursor is not one this API gave out.');
  return { at: date, id };
}
