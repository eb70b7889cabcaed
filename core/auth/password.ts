import bcrypt from 'bcryptjs';

/** bcrypt cost; ~250 ms per hash here, slow enough to make offline guessing expensive. */
const COST = 12;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/**
 * A real hash of a random string, compared against when the email is unknown so that a wrong
 * email costs the same time as a wrong password and timing does not tell which was wrong.
 */
export const unknownUserHash = bcrypt.hashSync(crypto.randomUUID(), COST);
