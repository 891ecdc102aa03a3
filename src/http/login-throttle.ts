/**
 * Failed logins per user name, from any address: a guesser spreading attempts over many addresses (or
 * forging them) still gets only `maxFailures` guesses at one name per window. Unknown names are counted
 * the same way, so the answer does not tell which names exist. In memory: one page process per
 * deployment, and a restart forgetting the counts costs an attacker a restart of ours.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    /** Bounds the memory an attacker inventing user names can make us use. */
    private readonly maxNames = 10_000,
  ) {}

  private recent(username: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(username) ?? []).filter((at) => at > since);
    if (times.length === 0) this.failures.delete(username);
    else this.failures.set(username, times);
    return times;
  }

  /** Milliseconds until `username` may try again; 0 when it may now. */
  retryAfterMs(username: string): number {
    const times = this.recent(username);
    if (times.length < this.maxFailures) return 0;
    return times[times.length - this.maxFailures]! + this.windowMs - this.now();
  }

  recordFailure(username: string): void {
    const times = this.recent(username);
    times.push(this.now());
    this.failures.delete(username);
    this.failures.set(username, times);
    if (this.failures.size > this.maxNames) this.failures.delete(this.failures.keys().next().value!);
  }

  recordSuccess(username: string): void {
    this.failures.delete(username);
  }
}
