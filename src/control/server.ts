// Binds the control API to a Unix socket (mode 0600). A stale socket file left by a killed
// daemon is replaced; a live one means another daemon runs, and that is an error.
import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { CrewError, isCrewError } from '../errors/crew-error.js';
import type { ControlHandlers, MethodName, StreamSink } from './methods.js';
import { callMethod, isMethodName } from './params.js';
import {
  type ControlRequest,
  type ControlResponse,
  maxRequestBytes,
  takeLines,
} from './protocol.js';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

// True when something accepts connections on the socket path.
export function isSocketAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

// True when the handlers answer the method (the daemon's answer every one; tests' a few).
function serves<M extends MethodName>(
  handlers: Pick<ControlHandlers, M>,
  name: unknown,
): name is M {
  return isMethodName(name) && Object.hasOwn(handlers, name);
}

// Serves the handlers on a Unix socket at path.
export async function listenControl<M extends MethodName>(
  path: string,
  handlers: Pick<ControlHandlers, M>,
): Promise<ControlServer> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    if (await isSocketAlive(path)) {
      throw new CrewError('CREW_ALREADY_RUNNING', `a crew daemon already answers on ${path}`, [
        'use `crew status` to talk to it, or stop it first',
      ]);
    }
    rmSync(path, { force: true });
  }
  const connections = new Set<Socket>();
  const server: Server = createServer((socket) => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    serveConnection(socket, handlers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const previous = process.umask(0o177);
    server.listen(path, () => {
      process.umask(previous);
      resolve();
    });
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function serveConnection<M extends MethodName>(socket: Socket, handlers: Pick<ControlHandlers, M>) {
  let buffer = '';
  const send = (response: ControlResponse) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  };
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    if (buffer.length > maxRequestBytes) {
      socket.destroy();
      return;
    }
    const { lines, rest } = takeLines(buffer);
    buffer = rest;
    for (const line of lines) void answer(line);
  });

  const answer = async (line: string) => {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
      if (typeof request !== 'object' || request === null) throw new TypeError('not an object');
    } catch {
      send({
        id: 0,
        error: { code: 'CREW_PROTOCOL', message: 'request is not a JSON object', details: [] },
      });
      return;
    }
    const method = request.method;
    if (!serves(handlers, method)) {
      const message = `unknown method "${String(method)}"`;
      send({ id: request.id, error: { code: 'CREW_PROTOCOL', message, details: [] } });
      return;
    }
    const sink: StreamSink = {
      data: (data) => send({ id: request.id, data }),
      onClose: (fn) => socket.once('close', fn),
    };
    try {
      send({ id: request.id, result: await callMethod(handlers, method, request.params, sink) });
    } catch (error) {
      const body = isCrewError(error)
        ? { code: error.code, message: error.message, details: [...error.details] }
        : {
            code: 'CREW_INTERNAL',
            message: String((error as Error)?.message ?? error),
            details: [],
          };
      send({ id: request.id, error: body });
    }
  };
}
