// A hostile front for tests: forwards every request to a forge (the simulator), except the git push
// discovery made with credentials, which it answers with a smart-HTTP `ERR` line echoing the
// Authorization header it received, as a misconfigured proxy or forge error page might.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running echo front. */
export interface EchoFront {
  url: string;
  stop(): Promise<void>;
}

function pktLine(text: string): string {
  return `${(text.length + 4).toString(16).padStart(4, '0')}${text}`;
}

/** Starts the front on 127.0.0.1 (ephemeral port) in front of `forgeUrl`. */
export async function startEchoFront(forgeUrl: string): Promise<EchoFront> {
  const target = new URL(forgeUrl);
  const server: Server = createServer((req, res) => {
    const auth = req.headers['authorization'];
    if (auth && req.url?.includes('/info/refs?service=git-receive-pack')) {
      const basic = auth.replace(/^Basic /, '');
      const pair = Buffer.from(basic, 'base64').toString('utf8');
      const token = pair.slice(pair.indexOf(':') + 1);
      res.writeHead(200, { 'content-type': 'application/x-git-receive-pack-advertisement' });
      res.end(`${pktLine('# service=git-receive-pack\n')}0000${pktLine(`ERR denied: you sent ${auth} (${pair}, ${encodeURIComponent(token)})\n`)}`);
      return;
    }
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
