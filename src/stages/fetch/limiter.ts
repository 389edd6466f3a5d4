/**
 * Politeness limits: at most N requests in flight per origin, M in the whole run, and a minimum
 * spacing between request starts on an origin (robots.txt `Crawl-delay`).
 *
 * The origin slot is taken before the global one, and the crawl-delay wait happens between the
 * two, so a task waiting for a busy or slow origin never holds a global slot that another origin
 * could use.
 */

/** A counting semaphore with a FIFO queue. */
class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter: `active` is unchanged.
    if (next) next();
    else this.active--;
  }
}

/** Per-origin and global concurrency limits with crawl delays. */
export class Limiter {
  private readonly global: Semaphore;
  private readonly origins = new Map<string, Semaphore>();
  private readonly delays = new Map<string, number>();
  private readonly nextStart = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  /** Highest number of requests seen in flight at once, per origin. */
  readonly peaks = new Map<string, number>();

  /**
   * @param perOrigin Requests in flight per origin (default 2).
   * @param total Requests in flight in the whole run (default 8).
   * @param sleep Waits `ms` milliseconds (a seam for tests).
   */
  constructor(
    private readonly perOrigin = 2,
    total = 8,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((r) => setTimeout(r, ms)),
  ) {
    this.global = new Semaphore(total);
  }

  /** Sets the minimum spacing between request starts on an origin, in ms (robots Crawl-delay). */
  setDelay(origin: string, delayMs: number): void {
    if (delayMs > 0) this.delays.set(origin, delayMs);
  }

  /**
   * Runs `task` when the origin and the run have a free slot (and the crawl delay has passed).
   *
   * @param origin `new URL(url).origin`.
   * @param task The request.
   */
  async run<T>(origin: string, task: () => Promise<T>): Promise<T> {
    let slot = this.origins.get(origin);
    if (!slot) {
      slot = new Semaphore(this.perOrigin);
      this.origins.set(origin, slot);
    }
    await slot.acquire();
    try {
      const delay = this.delays.get(origin) ?? 0;
      if (delay > 0) {
        const now = Date.now();
        const start = Math.max(now, this.nextStart.get(origin) ?? 0);
        this.nextStart.set(origin, start + delay);
        if (start > now) await this.sleep(start - now);
      }
      await this.global.acquire();
      const count = (this.inFlight.get(origin) ?? 0) + 1;
      this.inFlight.set(origin, count);
      this.peaks.set(origin, Math.max(this.peaks.get(origin) ?? 0, count));
      try {
        return await task();
      } finally {
        this.inFlight.set(origin, (this.inFlight.get(origin) ?? 1) - 1);
        this.global.release();
      }
    } finally {
      slot.release();
    }
  }
}
