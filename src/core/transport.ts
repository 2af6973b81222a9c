// What a forge URL really uses to carry the token: HTTPS, or HTTP — which is cleartext on the network
// unless the host is this machine (loopback). Pure: it reads the URL only, never resolves a name.

/** How requests to a forge travel. */
export interface Transport {
  https: boolean;
  /** The host is this machine (localhost, 127.0.0.0/8, ::1): HTTP never leaves it. */
  loopback: boolean;
  host: string;
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6 loopback as the URL parser writes it: ::ffff:7f00:1 (127.0.0.1).
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/** The transport of a forge URL. */
export function transportOf(url: string): Transport {
  const u = new URL(url);
  return { https: u.protocol === 'https:', loopback: isLoopbackHost(u.hostname), host: u.host };
}

/** True when a token sent to `url` crosses the network unencrypted. */
export function isCleartext(url: string): boolean {
  const t = transportOf(url);
  return !t.https && !t.loopback;
}

/** How to say what is really used: `HTTPS`, `HTTP (cleartext)`, or `HTTP (loopback)`. */
export function transportWords(url: string): string {
  const t = transportOf(url);
  return t.https ? 'HTTPS' : t.loopback ? 'HTTP (loopback)' : 'HTTP (cleartext)';
}
