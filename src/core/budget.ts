import { BudgetExceededError, type StageName } from './errors.js';

/** Tracks dollars spent against a topic's budget; the run stops before exceeding it. */
export class Budget {
  /** The budget in dollars. */
  readonly limitUsd: number;
  private spent = 0;

  /** @param limitUsd The topic's `budget.usd`. */
  constructor(limitUsd: number) {
    this.limitUsd = limitUsd;
  }

  /** Dollars spent so far. */
  get spentUsd(): number {
    return this.spent;
  }

  /** Dollars left. */
  get remainingUsd(): number {
    return Math.max(0, this.limitUsd - this.spent);
  }

  /**
   * Checks that a call costing at most `worstCaseUsd` fits in what remains.
   *
   * @throws BudgetExceededError when it does not fit.
   */
  reserve(stage: StageName, worstCaseUsd: number): void {
    if (this.spent + worstCaseUsd > this.limitUsd) {
      throw new BudgetExceededError(stage, this.spent, worstCaseUsd, this.limitUsd);
    }
  }

  /** Records dollars actually spent by a finished call. */
  charge(usd: number): void {
    this.spent += usd;
  }
}
