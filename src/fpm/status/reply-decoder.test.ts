import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecordType } from './records.js';
import { createReplyDecoder, type DecodeStep } from './reply-decoder.js';
import { endRequestBytes, recordBytes, replyBytes } from './test-support/reply-bytes.js';

const MiB = 1024 * 1024;

// Feeds `chunks` one by one; the step after the last one (or the first that is not `more`).
function decode(chunks: Buffer[], options: { closeAtEnd?: boolean; maxBytes?: number } = {}) {
  const decoder = createReplyDecoder(1, options.maxBytes ?? MiB);
  let step: DecodeStep = { kind: 'more' };
  for (const chunk of chunks) {
    step = decoder.push(chunk);
    if (step.kind !== 'more') return step;
  }
  return options.closeAtEnd ? decoder.close() : step;
}

function ended(step: DecodeStep) {
  assert.equal(step.kind, 'end', JSON.stringify(step));
  return (step as Extract<DecodeStep, { kind: 'end' }>).reply;
}

// A reply with padding on every record, STDERR between STDOUT records and a non-zero app status.
const tricky = Buffer.concat([
  recordBytes(RecordType.stdout, 'Status: 200 OK\r\n', { paddingBytes: 7 }),
  recordBytes(RecordType.stderr, 'PHP message: careful', { paddingBytes: 4 }),
  recordBytes(RecordType.stdout, '\r\nbody é', { paddingBytes: 255 }),
  recordBytes(RecordType.stdout, ''),
  recordBytes(RecordType.stderr, ''),
  endRequestBytes(3, 0, { paddingBytes: 8 }),
]);

test('a reply cut into two chunks at every byte boundary decodes the same', () => {
  for (let cut = 0; cut <= tricky.length; cut++) {
    const reply = ended(decode([tricky.subarray(0, cut), tricky.subarray(cut)]));
    assert.equal(reply.stdout.toString(), 'Status: 200 OK\r\n\r\nbody é', `cut at ${cut}`);
    assert.equal(reply.stderr.toString(), 'PHP message: careful');
    assert.equal(reply.appStatus, 3);
  }
});

test('a reply fed one byte at a time decodes the same', () => {
  const bytes = [...tricky].map((byte) => Buffer.of(byte));
  const reply = ended(decode(bytes));
  assert.equal(reply.stdout.toString(), 'Status: 200 OK\r\n\r\nbody é');
  assert.equal(reply.protocolStatus, 0);
});

test('a body over many full-size records is joined in order', () => {
  const text = `X: y\r\n\r\n${'0123456789'.repeat(20_000)}`;
  const reply = ended(decode([replyBytes(text, { pieceBytes: 65_535 })]));
  assert.equal(reply.stdout.toString(), text);
});

test('the reply ends at END_REQUEST: later bytes are not read', () => {
  const step = decode([Buffer.concat([replyBytes('A: b\r\n\r\n'), Buffer.from('garbage')])]);
  assert.equal(ended(step).stdout.toString(), 'A: b\r\n\r\n');
});

test('a stream that stops before END_REQUEST is truncated, saying where', () => {
  const whole = replyBytes('A: b\r\n\r\nbody');
  const inside = decode([whole.subarray(0, 12)], { closeAtEnd: true });
  assert.deepEqual(
    [inside.kind, inside.kind === 'error' && inside.problem],
    ['error', 'truncated'],
  );
  assert.match(inside.kind === 'error' ? inside.message : '', /after 12 bytes, inside a record/);
  const between = decode([whole.subarray(0, whole.length - 16)], { closeAtEnd: true });
  assert.match(between.kind === 'error' ? between.message : '', /between records/);
  const nothing = decode([], { closeAtEnd: true });
  assert.match(nothing.kind === 'error' ? nothing.message : '', /after 0 bytes/);
});

test('a protocol status other than "request complete" is a protocol error naming it', () => {
  const step = decode([endRequestBytes(0, 2)]);
  assert.deepEqual(step, {
    kind: 'error',
    problem: 'protocol',
    message: 'FastCGI server ended the request: overloaded',
  });
});

test('bytes that are not FastCGI, another request id or an unexpected type are protocol errors', () => {
  const http = decode([Buffer.from('HTTP/1.1 400 Bad Request\r\n')]);
  assert.match(http.kind === 'error' ? http.message : '', /record version 72, expected 1/);
  const other = decode([recordBytes(RecordType.stdout, 'x', { requestId: 2 })]);
  assert.match(other.kind === 'error' ? other.message : '', /request 2/);
  const unknown = decode([recordBytes(RecordType.unknownType, Buffer.alloc(8), { requestId: 0 })]);
  assert.match(unknown.kind === 'error' ? unknown.message : '', /record type 11/);
  const shortEnd = decode([recordBytes(RecordType.endRequest, Buffer.alloc(4))]);
  assert.match(
    shortEnd.kind === 'error' ? shortEnd.message : '',
    /END_REQUEST with 4 content bytes/,
  );
});

test('a reply over maxBytes stops as too large, whatever the records', () => {
  const step = decode([replyBytes('x'.repeat(5000), { pieceBytes: 1000 })], { maxBytes: 4096 });
  assert.deepEqual([step.kind, step.kind === 'error' && step.problem], ['error', 'too-large']);
});

test('after the end or an error, the decoder keeps its answer', () => {
  const decoder = createReplyDecoder(1, MiB);
  const first = decoder.push(Buffer.from('not fastcgi'));
  assert.equal(decoder.push(replyBytes('A: b\r\n\r\n')), first);
  assert.equal(decoder.close(), first);
});
