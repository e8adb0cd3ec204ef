/** Notion's request budget as the sandbox enforces it: `rate` per second, bursts of about a second's worth. */
export class TokenBucket {
  #rate = 1;
  #burst = 1;
  #tokens = 1;
  #last = Date.now();

  constructor(rate: number) {
    this.setRate(rate);
    this.#tokens = this.#burst;
  }

  setRate(rate: number): void {
    this.#rate = rate;
    this.#burst = Math.max(1, Math.ceil(rate));
    this.#tokens = Math.min(this.#tokens, this.#burst);
  }

  /** Takes one token; returns 0, or how many ms until one is available (nothing taken). */
  take(): number {
    const now = Date.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) / this.#rate) * 1000);
  }
}
