// A FastCGI peer on a unix socket that answers each whole request (up to its empty STDIN) as
// a test says: the right bytes in any chunks, garbage, silence, an early close or a reset.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { RecordType } from '../records.js';
import { readNameValuePairs, readRecords } from './request-bytes.js';

export interface FakeFpm {
  readonly listen: string;
  // The params of every whole request received.
  readonly requests: Map<string, string>[];
  // Resolves when `count` connections have been closed (by either end).
  closedConnections(count: number): Promise<void>;
}

// Starts the peer (on 127.0.0.1 with `tcp`); `answer` gets each whole request's socket. Closed
// after the test.
export async function startFakeFpm(
  t: TestContext,
  answer: (socket: Socket) => void,
  options: { tcp?: boolean } = {},
): Promise<FakeFpm> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-fake-fpm-'));
  const requests: Map<string, string>[] = [];
  let closed = 0;
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let received = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const { records } = readRecords(received);
      const last = records.at(-1);
      if (last?.type !== RecordType.stdin || last.content.length > 0) return;
      const params = records.filter((record) => record.type === RecordType.params);
      requests.push(readNameValuePairs(Buffer.concat(params.map((record) => record.content))));
      answer(socket);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
      for (const wake of waiters.splice(0)) wake();
    });
  });
  const path = join(dir, 'fpm.sock');
  await new Promise<void>((resolve) =>
    options.tcp ? server.listen(0, '127.0.0.1', resolve) : server.listen(path, resolve),
  );
  const listen = options.tcp ? `127.0.0.1:${(server.address() as { port: number }).port}` : path;
  t.after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const closedConnections = async (count: number) => {
    while (closed < count) await new Promise<void>((wake) => waiters.push(wake));
  };
  return { listen, requests, closedConnections };
}

// Writes `bytes` in pieces of `pieceBytes`, each in its own turn of the event loop.
export async function writeInPieces(socket: Socket, bytes: Buffer, pieceBytes: number) {
  for (let at = 0; at < bytes.length && !socket.destroyed; at += pieceBytes) {
    socket.write(bytes.subarray(at, at + pieceBytes));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
