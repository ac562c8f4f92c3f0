import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeNameValuePairs,
  encodeRequest,
  encodeStream,
  FCGI_RESPONDER,
  RecordType,
} from './records.js';
import { readNameValuePairs, readRecords } from './test-support/request-bytes.js';

test('a request is BEGIN_REQUEST as a responder, the params, an empty PARAMS, an empty STDIN', () => {
  const bytes = encodeRequest(1, { REQUEST_METHOD: 'GET', SCRIPT_NAME: '/status' });
  const { records, usedBytes } = readRecords(bytes);
  assert.equal(usedBytes, bytes.length);
  assert.deepEqual(
    records.map((record) => [record.type, record.content.length]),
    [
      [RecordType.beginRequest, 8],
      [RecordType.params, records[1]!.content.length],
      [RecordType.params, 0],
      [RecordType.stdin, 0],
    ],
  );
  assert.ok(records.every((record) => record.version === 1 && record.requestId === 1));
  const begin = records[0]!.content;
  assert.equal(begin.readUInt16BE(0), FCGI_RESPONDER);
  assert.equal(begin[2], 0, 'flags 0: the server closes the connection when done');
  assert.deepEqual(Object.fromEntries(readNameValuePairs(records[1]!.content)), {
    REQUEST_METHOD: 'GET',
    SCRIPT_NAME: '/status',
  });
});

test('lengths up to 127 take one byte, longer ones four with the top bit set', () => {
  const short = 'x'.repeat(127);
  const long = 'y'.repeat(128);
  const huge = 'z'.repeat(70_000);
  const bytes = encodeNameValuePairs({ A: short, B: long, [long]: huge });
  assert.deepEqual(bytes.subarray(0, 2), Buffer.from([1, 127]));
  const second = 2 + 1 + 127;
  assert.deepEqual(bytes.subarray(second, second + 5), Buffer.from([1, 0x80, 0, 0, 128]));
  const third = second + 5 + 1 + 128;
  assert.deepEqual(
    bytes.subarray(third, third + 8),
    Buffer.from([0x80, 0, 0, 128, 0x80, 1, 0x11, 0x70]),
  );
  assert.deepEqual(Object.fromEntries(readNameValuePairs(bytes)), {
    A: short,
    B: long,
    [long]: huge,
  });
});

test('multi-byte characters are counted in bytes, not characters', () => {
  const bytes = encodeNameValuePairs({ QUERY_STRING: 'é'.repeat(64) });
  assert.deepEqual(bytes.subarray(0, 5), Buffer.from([12, 0x80, 0, 0, 128]));
  assert.equal(readNameValuePairs(bytes).get('QUERY_STRING'), 'é'.repeat(64));
});

test('content over 65535 bytes is split into records, each padded to a multiple of 8', () => {
  const content = Buffer.alloc(65_535 * 2 + 10, 7);
  const { records, usedBytes } = readRecords(
    Buffer.concat(encodeStream(RecordType.params, 3, content)),
  );
  assert.equal(usedBytes, content.length + 3 * 8 + 1 + 1 + 6);
  assert.deepEqual(
    records.map((record) => [record.requestId, record.content.length, record.paddingBytes]),
    [
      [3, 65_535, 1],
      [3, 65_535, 1],
      [3, 10, 6],
    ],
  );
  assert.deepEqual(Buffer.concat(records.map((record) => record.content)), content);
});

test('content of exactly 65535 bytes is one record; empty content is one empty record', () => {
  const one = readRecords(Buffer.concat(encodeStream(RecordType.stdin, 1, Buffer.alloc(65_535))));
  assert.equal(one.records.length, 1);
  const empty = Buffer.concat(encodeStream(RecordType.stdin, 1, Buffer.alloc(0)));
  assert.deepEqual(empty, Buffer.from([1, RecordType.stdin, 0, 1, 0, 0, 0, 0]));
});

test('params fill records with whole pairs, as PHP needs; only a pair over 65535 bytes is split', () => {
  const bytes = encodeRequest(1, {
    A: '1',
    B: '2',
    QUERY_STRING: 'q'.repeat(40_000),
    REQUEST_URI: 'u'.repeat(40_000),
    HTTP_X_PAD: 'p'.repeat(100_000),
  });
  const params = readRecords(bytes).records.filter((record) => record.type === RecordType.params);
  const names = params.slice(0, 2).map((record) => [...readNameValuePairs(record.content).keys()]);
  assert.deepEqual(names, [['A', 'B', 'QUERY_STRING'], ['REQUEST_URI']]);
  assert.deepEqual(
    params.slice(2).map((record) => record.content.length),
    [65_535, 100_000 + 10 + 1 + 4 - 65_535, 0],
  );
  const joined = Buffer.concat(params.slice(2).map((record) => record.content));
  assert.equal(readNameValuePairs(joined).get('HTTP_X_PAD')?.length, 100_000);
});
