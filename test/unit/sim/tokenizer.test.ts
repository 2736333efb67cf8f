import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHashes, countTokens, outputTokenText, renderChatPrompt, tokenize } from '../../../src/sim/tokenizer.js';

test('words up to 5 characters are one token, longer ones split into 5-character pieces', () => {
  assert.equal(countTokens(''), 0);
  assert.equal(countTokens('   '), 0);
  assert.equal(countTokens('hello'), 1);
  assert.equal(countTokens('hello world'), 2);
  assert.equal(countTokens('understanding'), 3); // under|stand|ing
  assert.equal(countTokens('a\n\tb  c'), 3);
  assert.equal(tokenize('understanding').length, 3);
  // Same piece, same id; different pieces, different ids.
  const ids = tokenize('stand under stand');
  assert.equal(ids[0], ids[2]);
  assert.notEqual(ids[0], ids[1]);
});

test('countTokens agrees with tokenize on varied text', () => {
  const samples = ['The quick brown fox jumps over the lazy dog.', 'SELECT name, COUNT(*) FROM users GROUP BY name;', 'x'.repeat(23), 'ünïcödé wörds ok'];
  for (const s of samples) assert.equal(countTokens(s), tokenize(s).length, s);
});

test('block hashes: shared prefixes share leading hashes, a difference changes every later block', () => {
  const a = tokenize(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '));
  const bText = Array.from({ length: 40 }, (_, i) => (i === 20 ? 'zz' : `w${i}`)).join(' ');
  const b = tokenize(bText);
  const ha = blockHashes(a, 8);
  const hb = blockHashes(b, 8);
  assert.equal(ha.length, 5);
  assert.deepEqual(Array.from(ha.slice(0, 2)), Array.from(hb.slice(0, 2))); // tokens 0..15 equal
  for (let i = 2; i < 5; i++) assert.notEqual(ha[i], hb[i]); // block 2 holds token 20; chaining carries it on
  assert.equal(blockHashes(tokenize('a b c'), 8).length, 0); // partial block: no hash
});

test('generated tokens re-tokenise to exactly one token each', () => {
  let text = '';
  for (let i = 0; i < 200; i++) text += outputTokenText(7, i);
  assert.equal(countTokens(text), 200);
});

test('chat prompts follow the Llama-2 template', () => {
  const p = renderChatPrompt([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Bye' }]);
  assert.equal(p, '<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello </s><s>[INST] Bye [/INST]');
});
