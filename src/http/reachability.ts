// Forges found unreachable in this run. Once every attempt of one request to a forge got no answer at all
// (connection refused, reset, DNS failure, timeout), further requests to it are not sent: each would only
// wait out the same timeouts, and a dead forge would cost timeout × attempts for every credential on it.

/** The forge origins (scheme://host:port) with no answer in this run, and what the last attempt said. */
export class Reachability {
  private readonly down = new Map<string, string>();

  /** Why the forge of `url` is known unreachable, or null. */
  known(url: string): string | null {
    return this.down.get(originOf(url)) ?? null;
  }

  /** Records that a request to `url` got no answer after all its attempts. */
  markDown(url: string, detail: string): void {
    const origin = originOf(url);
    if (!this.down.has(origin)) this.down.set(origin, detail);
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
