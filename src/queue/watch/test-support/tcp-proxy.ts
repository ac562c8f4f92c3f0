// A TCP proxy in front of a real server, so a test can cut every connection at once, as a server
// restart or a network blip would, while the server itself stays up for other tests.

import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  // The server's URL with its host and port replaced by the proxy's.
  readonly url: string;
  // Destroys every connection open through the proxy; new ones are still accepted.
  cutAll(): void;
  close(): Promise<void>;
}

// Starts a proxy on a free loopback port towards the URL's host and port.
export async function startTcpProxy(url: string, defaultPort: number): Promise<TcpProxy> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A cut connection errors on both sides; the proxy only passes bytes and drops the pair.
    socket.on('error', () => {});
  };
  const server = createServer((client) => {
    const upstream = createConnection({
      host: target.hostname,
      port: Number(target.port || defaultPort),
    });
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(address.port);

  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: proxied.toString(),
    cutAll,
    close() {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
