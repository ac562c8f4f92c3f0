// Hand-made FastCGI reply records for the decoder's and fetch's tests: any padding, request id,
// version or END_REQUEST statuses, so broken and unusual replies can be written byte by byte.
import { RecordType } from '../records.js';

export interface RecordShape {
  readonly requestId?: number;
  readonly paddingBytes?: number;
  readonly version?: number;
}

// One record: header, content, `paddingBytes` of padding (0xee, to show it is never read).
export function recordBytes(type: number, content: string | Buffer, shape: RecordShape = {}) {
  const body = typeof content === 'string' ? Buffer.from(content) : content;
  const padding = shape.paddingBytes ?? 0;
  const header = Buffer.alloc(8);
  header[0] = shape.version ?? 1;
  header[1] = type;
  header.writeUInt16BE(shape.requestId ?? 1, 2);
  header.writeUInt16BE(body.length, 4);
  header[6] = padding;
  return Buffer.concat([header, body, Buffer.alloc(padding, 0xee)]);
}

// END_REQUEST with an application status and a protocol status.
export function endRequestBytes(appStatus = 0, protocolStatus = 0, shape: RecordShape = {}) {
  const body = Buffer.alloc(8);
  body.writeUInt32BE(appStatus, 0);
  body[4] = protocolStatus;
  return recordBytes(RecordType.endRequest, body, shape);
}

// A whole reply of STDOUT text (in records of `pieceBytes`), optional STDERR, and the end.
export function replyBytes(stdout: string, options: { stderr?: string; pieceBytes?: number } = {}) {
  const parts: Buffer[] = [];
  const bytes = Buffer.from(stdout);
  const piece = options.pieceBytes ?? 0xffff;
  for (let at = 0; at < bytes.length; at += piece) {
    const content = bytes.subarray(at, at + piece);
    parts.push(
      recordBytes(RecordType.stdout, content, { paddingBytes: (8 - (content.length % 8)) % 8 }),
    );
  }
  if (options.stderr) parts.push(recordBytes(RecordType.stderr, options.stderr));
  parts.push(recordBytes(RecordType.stdout, ''), endRequestBytes());
  return Buffer.concat(parts);
}
