// Calls the daemon over its control socket, typed by methods.ts. Kept free of the daemon's
// modules (type-only imports) so the CLI starts fast.
import { connect } from 'node:net';
import { CrewError, type CrewErrorCode } from '../errors/crew-error.js';
import type { DataOf, MethodName, ParamsOf, ResultOf } from './methods.js';
import { type ControlResponse, takeLines } from './protocol.js';

export interface CallOptions<M extends MethodName> {
  // Receives each `data` line of a streaming answer.
  readonly onData?: (data: DataOf<M>) => void;
}

// Params may be left out when the method needs none.
type CallArgs<M extends MethodName> =
  Record<string, never> extends ParamsOf<M>
    ? [params?: ParamsOf<M>, options?: CallOptions<M>]
    : [params: ParamsOf<M>, options?: CallOptions<M>];

// Sends one request and resolves with its result; daemon errors are rethrown as CrewError.
export function callDaemon<M extends MethodName>(
  socketPath: string,
  method: M,
  ...[params = {}, options = {}]: CallArgs<M>
): Promise<ResultOf<M>> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let buffer = '';
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      fn();
    };
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      socket.write(`${JSON.stringify({ id: 1, method, params })}\n`);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      finish(() => reject(notRunning(socketPath, error)));
    });
    socket.on('close', () => {
      finish(() =>
        reject(new CrewError('CREW_PROTOCOL', `the daemon closed the connection during ${method}`)),
      );
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const { lines, rest } = takeLines(buffer);
      buffer = rest;
      for (const line of lines) {
        // The daemon answers each method with the shapes of methods.ts.
        const response = JSON.parse(line) as ControlResponse<DataOf<M>, ResultOf<M>>;
        if ('data' in response) options.onData?.(response.data);
        else if ('result' in response) finish(() => resolve(response.result));
        else {
          const { code, message, details } = response.error;
          finish(() => reject(new CrewError(code as CrewErrorCode, message, details)));
        }
      }
    });
  });
}

function notRunning(socketPath: string, error: NodeJS.ErrnoException): CrewError {
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
    return new CrewError('CREW_NOT_RUNNING', `no crew daemon answers on ${socketPath}`, [
      'start one with `crew up`, or point at it with -c FILE or CREW_SOCKET',
    ]);
  }
  return new CrewError('CREW_PROTOCOL', `cannot reach ${socketPath}: ${error.message}`);
}
