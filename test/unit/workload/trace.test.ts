import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTrace, parseTrace } from '../../../src/workload/trace-load.js';
import { selectLongestOutputs, traceFacts, promptText, chatMessages } from '../../../src/workload/trace.js';
import type { TraceRequest } from '../../../src/workload/trace.js';
import { estimateTokens } from '../../../src/workload/tokens.js';
import { TraceError } from '../../../src/workload/errors.js';

test('token estimator: the documented rule on known strings', () => {
  assert.equal(estimateTokens('Hello, world! This is a test.'), 9); // 7 words + 2 punctuation
  assert.equal(estimateTokens('internationalization'), 4); // ceil(20 / 6)
  assert.equal(estimateTokens('12345678'), 3); // digit groups of 3
  assert.equal(estimateTokens('你好世界'), 4); // one per CJK character
  assert.equal(estimateTokens('abc你好'), 3);
  assert.equal(estimateTokens('  \n\t '), 0);
  assert.equal(estimateTokens('naïve café 😀'), 3);
});

test('JSONL with prompts, chat messages, optional prompt_tokens, blank lines and CRLF', () => {
  const text = [
    '{"prompt": "Tell me a story.", "output_tokens": 128}',
    '',
    '{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi there"}], "output_tokens": 16}',
    '{"prompt": "x", "output_tokens": 3, "prompt_tokens": 900}',
  ].join('\r\n');
  const rs = parseTrace(text, 'traces/bot.jsonl');
  assert.deepEqual(rs, [
    { prompt: 'Tell me a story.', promptTokens: 5, outputTokens: 128 },
    { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi there' }], promptTokens: 5, outputTokens: 16 },
    { prompt: 'x', promptTokens: 900, outputTokens: 3 },
  ]);
  assert.equal(promptText(rs[1]), 'system: Be brief.\nuser: Hi there');
  assert.deepEqual(chatMessages(rs[0]), [{ role: 'user', content: 'Tell me a story.' }]);
});

test('bad JSONL lines name the file and line', () => {
  const bad = (line: string): string => {
    try {
      parseTrace(`{"prompt": "ok", "output_tokens": 1}\n\n${line}\n`, 'traces/bot.jsonl');
    } catch (e) {
      assert.ok(e instanceof TraceError);
      return e.message;
    }
    return 'no error';
  };
  assert.equal(bad('{"prompt": "a", "output_tokens": 0}'), 'traces/bot.jsonl:3: "output_tokens" must be a positive integer');
  assert.equal(bad('{"prompt": "a", "output_tokens": 2.5}'), 'traces/bot.jsonl:3: "output_tokens" must be a positive integer');
  assert.equal(bad('{"prompt": "a"}'), 'traces/bot.jsonl:3: "output_tokens" must be a positive integer');
  assert.equal(bad('{"prompt": "a", "output_tokens": 2'), 'traces/bot.jsonl:3: not valid JSON');
  assert.match(bad('{"output_tokens": 2}'), /^traces\/bot.jsonl:3: needs exactly one of "prompt"/);
  assert.match(bad('{"prompt": "a", "messages": [], "output_tokens": 2}'), /needs exactly one of/);
  assert.match(bad('{"messages": [{"role": "user"}], "output_tokens": 2}'), /^traces\/bot.jsonl:3: "messages" must be a non-empty array/);
  assert.match(bad('7'), /^traces\/bot.jsonl:3: expected a JSON object/);
});

test('ShareGPT: first human turn is the prompt, the answer after it sets output_tokens; unusable entries skipped', () => {
  const sharegpt = JSON.stringify([
    { id: 'a', conversations: [{ from: 'human', value: 'What is 2+2?' }, { from: 'gpt', value: 'It is four, of course.' }, { from: 'human', value: 'More' }] },
    { id: 'b', conversations: [{ from: 'system', value: 'sys' }, { from: 'human', value: 'Hi' }, { from: 'gpt', value: 'Hello!' }] },
    { id: 'c', conversations: [{ from: 'human', value: 'alone' }] },
    { id: 'd', conversations: [] },
    { id: 'e', conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: '' }] },
  ]);
  assert.deepEqual(parseTrace(sharegpt, 'sg.json'), [
    { prompt: 'What is 2+2?', promptTokens: estimateTokens('What is 2+2?'), outputTokens: estimateTokens('It is four, of course.') },
    { prompt: 'Hi', promptTokens: 1, outputTokens: 2 },
  ]);
  assert.throws(() => parseTrace('[{"conversations": [{"from": "human"}]}]', 'sg.json'), /^TraceError: sg.json: entry 0: each conversation turn must be \{from: string, value: string\}$/);
  assert.throws(() => parseTrace('[{"conversations": [', 'sg.json'), /^TraceError: sg.json: not valid JSON/);
  assert.throws(() => parseTrace(JSON.stringify([{ conversations: [{ from: 'human', value: 'x' }] }]), 'sg.json'), /^TraceError: sg.json: the trace has no requests$/);
});

test('files: missing, empty, directory, and a good one', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-trace-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(loadTrace('traces/x.jsonl'), { name: 'TraceError', message: 'trace file not found: traces/x.jsonl' });
  const empty = join(dir, 'empty.jsonl');
  await writeFile(empty, '\n\n');
  await assert.rejects(loadTrace(empty), { message: `${empty}: the trace has no requests` });
  await assert.rejects(loadTrace(dir), { message: `trace file is a directory: ${dir}` });
  const good = join(dir, 'good.jsonl');
  await writeFile(good, '{"prompt": "a b c", "output_tokens": 7}\n');
  assert.deepEqual(await loadTrace(good), [{ prompt: 'a b c', promptTokens: 3, outputTokens: 7 }]);
});

const r = (promptTokens: number, outputTokens: number, prompt = `p${promptTokens}-${outputTokens}`): TraceRequest => ({ prompt, promptTokens, outputTokens });

test('selectLongestOutputs keeps the top fraction by output length, in trace order, ties by position', () => {
  const rs = [r(1, 10), r(2, 50), r(3, 20), r(4, 50), r(5, 5), r(6, 20)];
  assert.deepEqual(selectLongestOutputs(rs, 0.5).map((x) => x.promptTokens), [2, 3, 4]); // 50, 50, then the first 20
  assert.deepEqual(selectLongestOutputs(rs, 0.1).map((x) => x.promptTokens), [2]); // ceil(0.6) = 1
  assert.equal(selectLongestOutputs(rs, 1).length, 6);
  assert.throws(() => selectLongestOutputs(rs, 0), /longestOutputs must be a fraction in \(0, 1\], got 0/);
  assert.throws(() => selectLongestOutputs(rs, 1.5), /got 1.5/);
});

test('traceFacts', () => {
  assert.deepEqual(traceFacts([r(100, 10), r(20, 200), r(60, 90)]), {
    count: 3, maxPromptTokens: 100, maxOutputTokens: 200, maxTotalTokens: 220, meanPromptTokens: 60, meanOutputTokens: 100,
  });
  assert.deepEqual(traceFacts([]), { count: 0, maxPromptTokens: 0, maxOutputTokens: 0, maxTotalTokens: 0, meanPromptTokens: 0, meanOutputTokens: 0 });
});
