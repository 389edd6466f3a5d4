/**
 * The per-page time bound, checked inside the work (parsing chunks, tree walks) rather than
 * between steps: a step that goes quadratic on a hostile page is stopped where it runs, not after
 * it has finished (issue 17: 200,000 nested `<div>`s took 616 s with checks between steps only).
 */
import { ExtractError } from '../../core/errors.js';

/** Calls of {@link Deadline.tick} between two clock reads: cheap enough for per-node loops. */
const TICKS_PER_CHECK = 1024;

/** A page's time bound: `check` reads the clock, `tick` reads it every 1,024 calls. */
export class Deadline {
  readonly #source: string;
  readonly #timeoutMs: number;
  readonly #started: number;
  readonly #now: () => number;
  #ticks = 0;

  /**
   * @param source Name of the page in the error message.
   * @param timeoutMs Time allowed for the page, in milliseconds.
   * @param now Clock in milliseconds (default `performance.now`).
   */
  constructor(source: string, timeoutMs: number, now: () => number = () => performance.now()) {
    this.#source = source;
    this.#timeoutMs = timeoutMs;
    this.#now = now;
    this.#started = now();
  }

  /** Milliseconds since the page started, on the deadline's clock. */
  elapsedMs(): number {
    return this.#now() - this.#started;
  }

  /**
   * Throws when the page is past its time bound.
   *
   * @param step What was running, for the message (`parsing`, `content detection`, ...).
   * @throws ExtractError "<step> took the page past the time bound: <elapsed> ms > timeoutMs <n> ms".
   */
  check(step: string): void {
    const elapsed = this.elapsedMs();
    if (elapsed > this.#timeoutMs) {
      throw new ExtractError(
        this.#source,
        `${step} took the page past the time bound: ${Math.round(elapsed)} ms > timeoutMs ${this.#timeoutMs} ms`,
      );
    }
  }

  /**
   * Counts one unit of work (a node visited) and checks the bound every 1,024 units.
   *
   * @param step What is running, for the message.
   */
  tick(step: string): void {
    if (++this.#ticks % TICKS_PER_CHECK === 0) this.check(step);
  }
}
