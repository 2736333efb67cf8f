import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../../src/workload/sse.js';

const stream = 'data: {"a":"ö€😀"}\n\n: ping\n\ndata: {"b":1}\r\n\r\nevent: x\nid: 3\ndata: line1\ndata: line2\n\ndata:[DONE]\n\n';
const expected = ['{"a":"ö€😀"}', '{"b":1}', 'line1\nline2', '[DONE]'];

test('whole stream at once', () => {
  const p = new SseParser();
  assert.deepEqual([...p.push(Buffer.from(stream)), ...p.end()], expected);
});

test('every possible split point, including inside multi-byte characters and \\r\\n pairs', () => {
  const bytes = Buffer.from(stream);
  for (let cut = 1; cut < bytes.length; cut++) {
    const p = new SseParser();
    const got = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut)), ...p.end()];
    assert.deepEqual(got, expected, `cut at ${cut}`);
  }
});

test('one byte at a time', () => {
  const p = new SseParser();
  const got: string[] = [];
  for (const b of Buffer.from(stream)) got.push(...p.push(Buffer.from([b])));
  assert.deepEqual([...got, ...p.end()], expected);
});

test('bare \\r line endings, and a last event without a trailing blank line', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data: x\r\rdata: y\r'), ['x']);
  assert.deepEqual(p.push('\r'), ['y']);
  assert.deepEqual(p.push('data: tail'), []);
  assert.deepEqual(p.end(), ['tail']);
});
