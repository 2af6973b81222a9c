// An HttpClient for provider tests: real requests to the loopback simulators, no retries unless asked.
import { HttpClient } from '../http/client.js';
import { Limiter } from '../http/limiter.js';

/** A client with a short timeout and `retries` retries (default none), sleeping not at all between them. */
export function testHttpClient(retries = 0): HttpClient {
  return new HttpClient({ timeoutMs: 5000, retries, limiter: new Limiter(8), sleep: async () => {} });
}
