// Ports that Node's fetch (undici, following the Fetch standard's "bad port" list) refuses to connect to,
// whatever the host: a forge URL on one of them could never be probed, and would otherwise surface only
// as a puzzling `unreachable` for every credential. https://fetch.spec.whatwg.org/#bad-port

/** The Fetch standard's bad ports (bad-ports.test.ts checks that this Node's fetch refuses each). */
export const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109,
  110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530,
  531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 5060,
  5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080,
]);

/** The bad port a URL names explicitly, or null (default ports 80 and 443 are never bad). */
export function badPortOf(url: string): number | null {
  let port: string;
  try {
    port = new URL(url).port;
  } catch {
    return null;
  }
  const n = Number(port);
  return port !== '' && BAD_PORTS.has(n) ? n : null;
}
