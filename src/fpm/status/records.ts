// FastCGI 1.0 records, the client's half: a responder request is BEGIN_REQUEST, the params as
// name-value pairs in PARAMS records closed by an empty one, then an empty STDIN. Every record is
// an 8-byte header (version, type, request id, content length, padding length, reserved), at most
// 65535 content bytes, and padding up to a multiple of 8.

export const FCGI_VERSION = 1;
export const FCGI_HEADER_BYTES = 8;
export const FCGI_MAX_CONTENT_BYTES = 0xffff;

export const RecordType = {
  beginRequest: 1,
  abortRequest: 2,
  endRequest: 3,
  params: 4,
  stdin: 5,
  stdout: 6,
  stderr: 7,
  data: 8,
  getValues: 9,
  getValuesResult: 10,
  unknownType: 11,
} as const;
export type RecordType = (typeof RecordType)[keyof typeof RecordType];

export const FCGI_RESPONDER = 1;

// END_REQUEST's protocol status, by value.
export const PROTOCOL_STATUS_NAMES: readonly string[] = [
  'request complete',
  'cannot multiplex connections',
  'overloaded',
  'unknown role',
];

const MAX_PAIR_LENGTH = 0x7fffffff;

// Header bytes of one record.
export function encodeHeader(
  type: RecordType,
  requestId: number,
  contentBytes: number,
  paddingBytes: number,
): Buffer {
  const header = Buffer.alloc(FCGI_HEADER_BYTES);
  header[0] = FCGI_VERSION;
  header[1] = type;
  header.writeUInt16BE(requestId, 2);
  header.writeUInt16BE(contentBytes, 4);
  header[6] = paddingBytes;
  return header;
}

// One stream's content as records of at most 65535 bytes, each padded to a multiple of 8; empty
// content is one empty record (how a stream is closed).
export function encodeStream(type: RecordType, requestId: number, content: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  do {
    const piece = content.subarray(offset, offset + FCGI_MAX_CONTENT_BYTES);
    const padding = (8 - (piece.length % 8)) % 8;
    parts.push(encodeHeader(type, requestId, piece.length, padding), piece);
    if (padding > 0) parts.push(Buffer.alloc(padding));
    offset += piece.length;
  } while (offset < content.length);
  return parts;
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  if (length > MAX_PAIR_LENGTH) throw new RangeError(`a FastCGI name or value of ${length} bytes`);
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE((length | 0x80000000) >>> 0);
  return bytes;
}

// One name-value pair: each length in 1 byte below 128, else 4 bytes with the top bit set.
export function encodeNameValuePair(name: string, value: string): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const valueBytes = Buffer.from(value, 'utf8');
  const lengths = [encodeLength(nameBytes.length), encodeLength(valueBytes.length)];
  return Buffer.concat([...lengths, nameBytes, valueBytes]);
}

// Name-value pairs, one after another.
export function encodeNameValuePairs(pairs: Readonly<Record<string, string>>): Buffer {
  return Buffer.concat(
    Object.entries(pairs).map(([name, value]) => encodeNameValuePair(name, value)),
  );
}

// The PARAMS stream, closed by an empty record. The spec lets a pair straddle two records, but
// PHP reads each PARAMS record on its own and drops the connection when a pair does (checked
// against php-fpm 8.2), so records are filled with whole pairs; only a pair larger than one
// record is split, which PHP refuses whatever is done.
export function encodeParams(
  requestId: number,
  params: Readonly<Record<string, string>>,
): Buffer[] {
  const records: Buffer[] = [];
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batchBytes > 0)
      records.push(...encodeStream(RecordType.params, requestId, Buffer.concat(batch)));
    batch = [];
    batchBytes = 0;
  };
  for (const [name, value] of Object.entries(params)) {
    const pair = encodeNameValuePair(name, value);
    if (batchBytes + pair.length > FCGI_MAX_CONTENT_BYTES) flush();
    batch.push(pair);
    batchBytes += pair.length;
  }
  flush();
  records.push(...encodeStream(RecordType.params, requestId, Buffer.alloc(0)));
  return records;
}

// A whole responder request without a body; flags 0, so the server closes the connection after.
export function encodeRequest(requestId: number, params: Readonly<Record<string, string>>): Buffer {
  const begin = Buffer.alloc(8);
  begin.writeUInt16BE(FCGI_RESPONDER, 0);
  return Buffer.concat([
    ...encodeStream(RecordType.beginRequest, requestId, begin),
    ...encodeParams(requestId, params),
    ...encodeStream(RecordType.stdin, requestId, Buffer.alloc(0)),
  ]);
}
