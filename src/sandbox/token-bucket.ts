/** Notion's request budget as the sandbox enforces it: `rate` per second, bursts of `burst`. */
export class TokenBucket {
  #tokens: number;
  readonly burst: number;
  #last = Date.now();

  constructor(
    public rate: number,
    burst?: number,
  ) {
    this.burst = burst ?? Math.max(1, Math.ceil(rate));
    this.#tokens = this.burst;
  }

  /** Takes one token; returns 0, or how many ms until one is available (nothing taken). */
  take(): number {
    const now = Date.now();
    this.#tokens = Math.min(
      Math.max(this.burst, Math.ceil(this.rate)),
      this.#tokens + ((now - this.#last) / 1000) * this.rate,
    );
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.rate) * 1000);
  }
}
