// Many /events clients at once against a live crew: how many were served and how many turned
// away, the daemon's memory while they were open, and proof that every one of them was let go
// (the daemon's sockets back to what they were), half leaving with a FIN and half with a reset.
import { readdirSync, readlinkSync } from 'node:fs';
import type { Socket } from 'node:net';
import { setTimeout as wait } from 'node:timers/promises';
import { type DaemonMemory, daemonMemory, type LiveCrew } from './live-crew.js';
import { connectTo } from './raw-http.js';

// Sockets the process holds open (TCP, Unix, inspector, IPC).
export function openSockets(pid: number): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) count++;
    } catch {
      // Closed between readdir and readlink.
    }
  }
  return count;
}

// Polls until ok() holds; false if it still does not after timeoutMs.
export async function eventually(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) return false;
    await wait(20);
  }
  return true;
}

interface Client {
  readonly socket: Socket;
  readonly status: number;
  text: string;
}

async function openClient(url: string, token: string): Promise<Client> {
  const socket = await connectTo(url);
  socket.on('error', () => {});
  const host = new URL(url).host;
  socket.write(`GET /events HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  const first = await new Promise<string>((resolve) => {
    socket.once('data', (chunk) => resolve(chunk.toString()));
    socket.once('close', () => resolve(''));
  });
  const client: Client = { socket, status: Number(first.slice(9, 12)) || 0, text: first };
  socket.on('data', (chunk) => {
    client.text += chunk.toString();
  });
  return client;
}

export interface StreamRound {
  readonly served: number;
  readonly busy: number;
  readonly other: number;
  // Served clients that received the event emitted while all were open.
  readonly reached: number;
  readonly peak: DaemonMemory;
  // Whether the daemon's sockets came back to their count before the round.
  readonly released: boolean;
}

// Opens `clients` streams at once, makes one event (a scale of `pool`), and leaves.
export async function loadEventStreams(
  crew: LiveCrew,
  token: string,
  clients: number,
  pool: string,
): Promise<StreamRound> {
  const socketsBefore = openSockets(crew.pid);
  const opened = await Promise.all(
    Array.from({ length: clients }, () => openClient(crew.url, token)),
  );
  const served = opened.filter((c) => c.status === 200);
  const busy = opened.filter((c) => c.status === 503).length;
  let peak = daemonMemory(crew.pid);
  // An event every open stream must carry: the pool scaled to 2 and back.
  const scale = (count: number) =>
    fetch(`${crew.url}/api/scale`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pool, count }),
    }).then((r) => r.text());
  await scale(2);
  const carried = (c: Client) => /event: pool:scale\ndata: .*"to":2/.test(c.text);
  await eventually(() => served.every(carried), 10_000);
  const reached = served.filter(carried).length;
  const now = daemonMemory(crew.pid);
  if (now.rssBytes > peak.rssBytes) peak = now;
  await scale(1);
  for (const [i, { socket }] of opened.entries()) {
    if (i % 2 === 0) socket.end();
    else socket.resetAndDestroy();
  }
  const released = await eventually(() => openSockets(crew.pid) <= socketsBefore, 10_000);
  return {
    served: served.length,
    busy,
    other: clients - served.length - busy,
    reached,
    peak,
    released,
  };
}
