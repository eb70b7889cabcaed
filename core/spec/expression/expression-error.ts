// One error type for everything that can go wrong with an expression or a template, so callers
// (validator, editor, workflow runtime) can tell a user mistake from a bug with one `instanceof`.

/** A syntax, name, type or limit problem in an expression; `position` is a character offset in the source. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** What went wrong, without position or hint. */
  readonly reason: string;
  /** Character offset in the source (expression or template), or null when unknown. */
  readonly position: number | null;
  /** A suggestion such as `did you mean "length"?`, or null. */
  readonly hint: string | null;

  constructor(reason: string, position: number | null = null, hint: string | null = null) {
    super(reason + (position === null ? '' : ` at ${position}`) + (hint === null ? '' : `; ${hint}`));
    this.reason = reason;
    this.position = position;
    this.hint = hint;
  }

  /** This error placed at `position`, unless it already has one (the innermost place wins). */
  at(position: number): ExpressionError {
    return this.position === null ? new ExpressionError(this.reason, position, this.hint) : this;
  }

  /** This error with its position moved by `offset` (an expression's place inside a template). */
  shifted(offset: number): ExpressionError {
    return new ExpressionError(this.reason, this.position === null ? offset : this.position + offset, this.hint);
  }
}
