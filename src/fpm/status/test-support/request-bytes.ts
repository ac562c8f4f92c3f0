// Reads back what the client sends, for tests: whole records from a buffer, and FastCGI
// name-value pairs, written here from the spec independently of records.ts's encoder.

export interface ReadRecord {
  readonly version: number;
  readonly type: number;
  readonly requestId: number;
  readonly content: Buffer;
  readonly paddingBytes: number;
}

// Every complete record in `bytes`, and how many bytes they took.
export function readRecords(bytes: Buffer): { records: ReadRecord[]; usedBytes: number } {
  const records: ReadRecord[] = [];
  let at = 0;
  while (at + 8 <= bytes.length) {
    const length = bytes.readUInt16BE(at + 4);
    const paddingBytes = bytes[at + 6]!;
    if (at + 8 + length + paddingBytes > bytes.length) break;
    records.push({
      version: bytes[at]!,
      type: bytes[at + 1]!,
      requestId: bytes.readUInt16BE(at + 2),
      content: bytes.subarray(at + 8, at + 8 + length),
      paddingBytes,
    });
    at += 8 + length + paddingBytes;
  }
  return { records, usedBytes: at };
}

// Name-value pairs: a length is 1 byte when its top bit is clear, else 4 bytes (top bit masked).
export function readNameValuePairs(bytes: Buffer): Map<string, string> {
  const pairs = new Map<string, string>();
  let at = 0;
  const length = () => {
    if (bytes[at]! < 0x80) return bytes[at++]!;
    const value = bytes.readUInt32BE(at) & 0x7fffffff;
    at += 4;
    return value;
  };
  while (at < bytes.length) {
    const nameLength = length();
    const valueLength = length();
    const name = bytes.toString('utf8', at, at + nameLength);
    pairs.set(name, bytes.toString('utf8', at + nameLength, at + nameLength + valueLength));
    at += nameLength + valueLength;
  }
  return pairs;
}
