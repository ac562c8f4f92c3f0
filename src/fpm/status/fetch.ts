// One FastCGI request to php-fpm's `listen` socket or port, no web server between: connect,
// send the request, decode the reply until END_REQUEST, all within one deadline. Resolves with
// the response or a failure; never rejects. One connection per request (FPM closes it anyway).
import { connect, type Socket } from 'node:net';
import { buildCgiParams, type CgiRequest } from './cgi-params.js';
import { parseCgiResponse } from './cgi-response.js';
import { type FpmFailure, type FpmResult, fpmFailure } from './fetch-result.js';
import { describeFpmAddress, parseFpmListen } from './listen.js';
import { encodeRequest } from './records.js';
import { createReplyDecoder, type DecodeStep, type FcgiReply } from './reply-decoder.js';

export interface FetchFpmOptions extends CgiRequest {
  // The pool's `listen` value.
  readonly listen: string;
  // For the whole request, connect included; 3 s by default.
  readonly timeoutMs?: number;
  // STDOUT and STDERR together; 4 MiB by default.
  readonly maxBytes?: number;
}

const REQUEST_ID = 1;
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 300);

function connectError(error: NodeJS.ErrnoException, where: string): FpmFailure {
  const why: Record<string, string> = {
    ENOENT: 'no socket file there: is php-fpm running, and is this the pool’s listen?',
    ECONNREFUSED: 'nothing accepts connections there: is php-fpm running?',
    EACCES: 'permission denied: see the pool’s listen.owner, listen.group and listen.mode',
    EAGAIN: 'the socket’s backlog is full: every child is busy',
  };
  const reason = why[error.code ?? ''] ?? error.message;
  return fpmFailure('refused', `cannot connect to php-fpm at ${where}: ${reason}`);
}

// The reply as a response, or FPM's own refusals ("File not found.", "Access denied.") as failures.
function interpret(
  reply: FcgiReply,
  options: FetchFpmOptions,
  where: string,
  startedMs: number,
): FpmResult {
  const uri = options.path;
  const stderr = reply.stderr.toString('utf8');
  const parsed = parseCgiResponse(reply.stdout);
  if (typeof parsed === 'string') return fpmFailure('protocol', `php-fpm at ${where}: ${parsed}`);
  const said = stderr === '' ? '' : ` (FPM: ${oneLine(stderr)})`;
  if (parsed.statusCode === 404 && parsed.body.startsWith('File not found.')) {
    const script = options.scriptFilename ?? uri;
    return fpmFailure(
      'file-not-found',
      `php-fpm at ${where} answered "File not found." for ${uri}: no script ${script}, and ${uri} is not the pool’s pm.status_path or ping.path${said}`,
    );
  }
  if (parsed.statusCode === 403 && parsed.body.startsWith('Access denied.')) {
    return fpmFailure(
      'access-denied',
      `php-fpm at ${where} answered "Access denied." for ${uri}: its extension is not in security.limit_extensions${said}`,
    );
  }
  const durationMs = performance.now() - startedMs;
  return { ok: true as const, ...parsed, appStatus: reply.appStatus, stderr, durationMs };
}

// Sends one request to php-fpm at `listen`; resolves with its response or why there is none.
export function fetchFpm(options: FetchFpmOptions): Promise<FpmResult> {
  const address = parseFpmListen(options.listen);
  if (address.kind === 'invalid')
    return Promise.resolve(fpmFailure('invalid-listen', address.message));
  const where = describeFpmAddress(address);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedMs = performance.now();
  const request = encodeRequest(REQUEST_ID, buildCgiParams(options));
  const decoder = createReplyDecoder(REQUEST_ID, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const socket: Socket =
      address.kind === 'unix'
        ? connect({ path: address.path })
        : connect({ host: address.host, port: address.port });
    const finish = (result: FpmResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => {
      const what = connected ? `no complete reply to ${options.path}` : 'no connection';
      finish(fpmFailure('timeout', `php-fpm at ${where}: ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const step = (next: DecodeStep) => {
      if (next.kind === 'end') finish(interpret(next.reply, options, where, startedMs));
      else if (next.kind === 'error') {
        const kind = next.problem === 'truncated' ? 'closed' : next.problem;
        finish(fpmFailure(kind, `php-fpm at ${where}, ${options.path}: ${next.message}`));
      }
    };
    socket.on('connect', () => {
      connected = true;
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => step(decoder.push(chunk)));
    socket.on('close', () => step(decoder.close()));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected) finish(connectError(error, where));
      else finish(fpmFailure('closed', `php-fpm at ${where}, ${options.path}: ${error.message}`));
    });
  });
}
