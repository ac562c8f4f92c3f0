// Reads a FastCGI reply as it arrives, in chunks cut anywhere (inside a header, a body, the
// padding): STDOUT and STDERR records are collected until END_REQUEST, whose app status and
// protocol status end the reply. Pure: the caller feeds bytes and tells when the peer closed.
//
//   header (8 bytes) --> content (length bytes) --> padding --> next header | end
import { FCGI_HEADER_BYTES, FCGI_VERSION, PROTOCOL_STATUS_NAMES, RecordType } from './records.js';

export interface FcgiReply {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly appStatus: number;
  readonly protocolStatus: number;
}

export type DecodeProblem = 'protocol' | 'truncated' | 'too-large';

export type DecodeStep =
  | { readonly kind: 'more' }
  | { readonly kind: 'end'; readonly reply: FcgiReply }
  | { readonly kind: 'error'; readonly problem: DecodeProblem; readonly message: string };

export interface ReplyDecoder {
  // Takes the next bytes; says whether the reply is complete, broken, or needs more.
  push(chunk: Buffer): DecodeStep;
  // The peer closed: the reply it left, complete or not.
  close(): DecodeStep;
}

const MORE: DecodeStep = { kind: 'more' };
const END_BODY_BYTES = 8;

// A decoder for request `requestId`; STDOUT and STDERR together may hold at most `maxBytes`.
export function createReplyDecoder(requestId: number, maxBytes: number): ReplyDecoder {
  const header = Buffer.alloc(FCGI_HEADER_BYTES);
  let headerFilled = 0;
  let type = 0;
  let contentLeft = -1; // -1: reading a header
  let paddingLeft = 0;
  const endBody = Buffer.alloc(END_BODY_BYTES);
  let endFilled = 0;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  let keptBytes = 0;
  let seenBytes = 0;
  let result: DecodeStep | null = null;

  const fail = (problem: DecodeProblem, message: string): DecodeStep => {
    result = { kind: 'error', problem, message };
    return result;
  };

  function startRecord(): DecodeStep | null {
    if (header[0] !== FCGI_VERSION) {
      return fail('protocol', `not a FastCGI reply (record version ${header[0]}, expected 1)`);
    }
    type = header[1]!;
    const id = header.readUInt16BE(2);
    contentLeft = header.readUInt16BE(4);
    paddingLeft = header[6]!;
    const known = type === RecordType.stdout || type === RecordType.stderr;
    if (!known && type !== RecordType.endRequest) {
      return fail('protocol', `unexpected FastCGI record type ${type} for request ${id}`);
    }
    if (id !== requestId) return fail('protocol', `a FastCGI record for request ${id}`);
    if (type === RecordType.endRequest && contentLeft < END_BODY_BYTES) {
      return fail('protocol', `END_REQUEST with ${contentLeft} content bytes, expected 8`);
    }
    return null;
  }

  function take(piece: Buffer): DecodeStep | null {
    if (type === RecordType.endRequest) {
      endFilled += piece.copy(endBody, endFilled, 0, END_BODY_BYTES - endFilled);
      return null;
    }
    keptBytes += piece.length;
    if (keptBytes > maxBytes) return fail('too-large', `the reply is over ${maxBytes} bytes`);
    // A view of the socket's chunk, which Node does not reuse: one copy, at the end.
    (type === RecordType.stdout ? stdout : stderr).push(piece);
    return null;
  }

  function endRecord(): DecodeStep | null {
    contentLeft = -1;
    if (type !== RecordType.endRequest) return null;
    const protocolStatus = endBody[4]!;
    if (protocolStatus !== 0) {
      const name = PROTOCOL_STATUS_NAMES[protocolStatus] ?? `protocol status ${protocolStatus}`;
      return fail('protocol', `FastCGI server ended the request: ${name}`);
    }
    const reply = {
      stdout: Buffer.concat(stdout),
      stderr: Buffer.concat(stderr),
      appStatus: endBody.readUInt32BE(0),
      protocolStatus,
    };
    result = { kind: 'end', reply };
    return result;
  }

  function push(chunk: Buffer): DecodeStep {
    if (result !== null) return result;
    seenBytes += chunk.length;
    let offset = 0;
    while (offset < chunk.length || (contentLeft === 0 && paddingLeft === 0)) {
      if (contentLeft === -1) {
        const n = Math.min(FCGI_HEADER_BYTES - headerFilled, chunk.length - offset);
        chunk.copy(header, headerFilled, offset, offset + n);
        headerFilled += n;
        offset += n;
        if (headerFilled < FCGI_HEADER_BYTES) break;
        headerFilled = 0;
        const broken = startRecord();
        if (broken) return broken;
      } else if (contentLeft > 0) {
        const n = Math.min(contentLeft, chunk.length - offset);
        const broken = take(chunk.subarray(offset, offset + n));
        if (broken) return broken;
        contentLeft -= n;
        offset += n;
      } else if (paddingLeft > 0) {
        const n = Math.min(paddingLeft, chunk.length - offset);
        paddingLeft -= n;
        offset += n;
      } else {
        const ended = endRecord();
        if (ended) return ended;
      }
    }
    return MORE;
  }

  function close(): DecodeStep {
    if (result !== null) return result;
    const where = contentLeft === -1 && headerFilled === 0 ? 'between records' : 'inside a record';
    result = {
      kind: 'error',
      problem: 'truncated',
      message: `the connection closed after ${seenBytes} bytes, ${where}, before END_REQUEST`,
    };
    return result;
  }

  return { push, close };
}
