// HTTP requests written byte for byte over a socket, for what fetch would not send as written: a
// request target with `..`, backslashes or NUL, headers past the limit, a body that never ends.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  // 0 when the server closed without answering.
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

// Parses what the server sent (one response; the connection is closed after it).
export function parseResponse(bytes: Buffer): RawResponse {
  const text = bytes.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return { status: 0, headers: {}, body: text };
  const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: text.slice(split + 4) };
}

// Opens a connection to http://HOST:PORT.
export function connectTo(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

// Reads until the server closes the connection (or resets it: what arrived until then counts).
export function readAll(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => {
    socket.once('close', () => resolve(Buffer.concat(chunks)));
    socket.once('error', () => socket.destroy());
  });
}

// Sends the request head (and body) exactly as given and reads the answer.
export async function rawRequest(url: string, head: string, body = ''): Promise<RawResponse> {
  const socket = await connectTo(url);
  const answer = readAll(socket);
  socket.write(Buffer.from(head + body, 'latin1'));
  return parseResponse(await answer);
}

// A GET of the request target as written, closing the connection after the answer.
export function rawGet(url: string, target: string, headers = ''): Promise<RawResponse> {
  const { host } = new URL(url);
  return rawRequest(
    url,
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${headers}Connection: close\r\n\r\n`,
  );
}
