import { ExpressionError } from './expression-error';
import type { ExpressionLimits } from './limits';

// One meter per evaluation (or per template / renderDeep call, so many small expressions share
// one allowance). Everything that costs time or memory goes through it.

/** Counts evaluation steps and checks produced strings, collections and nesting against limits. */
export class Budget {
  private used = 0;

  constructor(readonly limits: ExpressionLimits) {}

  /** Spends `steps`; throws once the total passes maxSteps. */
  spend(steps: number): void {
    this.used += steps;
    if (this.used > this.limits.maxSteps) {
      throw new ExpressionError(`Expression too expensive: more than ${this.limits.maxSteps} evaluation steps`);
    }
  }

  /** Charges for reading `length` characters (one step per 1,000), so long strings are not free to scan. */
  scan(length: number): void {
    this.spend(Math.floor(length / 1000));
  }

  /** Throws unless a string of `length` characters may be produced; checked before building it. */
  textLength(length: number): void {
    if (length > this.limits.maxStringLength) {
      throw new ExpressionError(`String too long: ${length} characters, limit ${this.limits.maxStringLength}`);
    }
  }

  /** Checks and charges for a produced string, then returns it. */
  text(value: string): string {
    this.textLength(value.length);
    this.scan(value.length);
    return value;
  }

  /** Throws unless an array or object of `size` items may be produced. */
  collection(size: number): void {
    if (size > this.limits.maxCollectionSize) {
      throw new ExpressionError(`Collection too large: ${size} items, limit ${this.limits.maxCollectionSize}`);
    }
  }

  /** Throws when `depth` passes maxDepth. */
  depth(depth: number): void {
    if (depth > this.limits.maxDepth) {
      throw new ExpressionError(`Nested too deeply: more than ${this.limits.maxDepth} levels`);
    }
  }
}
