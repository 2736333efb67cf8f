import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isScalar, parseDocument, visit, type Scalar } from 'yaml';
import { dockerInstructionMap, jsonStringMap, quotedWordMap, withoutContinuations, yamlScalarMap, type YamlScalarStyle } from '../../../src/launch/decoders.js';
import { applyEdits, identityMap, toSourceEdit } from '../../../src/launch/text-map.js';

/** Every scalar of a YAML document: our decoding equals the library's, and each char maps into its range. */
function checkAllScalars(source: string): number {
  const root = identityMap(source);
  let checked = 0;
  visit(parseDocument(source), {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string' || !node.range) return;
      const map = yamlScalarMap(root, node.range[0], node.range[1], (node.type ?? 'PLAIN') as YamlScalarStyle);
      assert.ok(map, `decoder refused ${JSON.stringify(source.slice(node.range[0], node.range[1]))}`);
      assert.equal(map.text, node.value, `scalar ${JSON.stringify(source.slice(node.range[0], node.range[1]))}`);
      for (let i = 0; i < map.text.length; i++) {
        assert.ok(map.startOf(i) >= node.range[0] && map.endOf(i) <= node.range[1]);
      }
      checked++;
    },
  });
  return checked;
}

test('YAML scalars of every style decode exactly as the yaml library reads them', () => {
  const source = [
    'plain: vllm serve m --a 1',
    'plainMulti: --model x',
    '  --host 0.0.0.0',
    '',
    '  --port 1',
    "single: 'it''s --a ''b'''",
    'double: "a \\"quoted\\" \\\\ path\\tx \\u00e9"',
    'doubleMulti: "first line ',
    '   second line\\',
    '   joined"',
    'literal: |',
    '  python3 -m x \\',
    '    --a 1',
    '',
    '  tail',
    'literalStrip: |-',
    '  one',
    '  two',
    'literalKeep: |+',
    '  kept',
    '',
    'folded: >',
    '  --a 1',
    '  --b 2',
    '',
    '  --c 3',
    '    more indented',
    '  back',
    'list:',
    '  - "--x"',
    "  - 'y z'",
    '  - plain item',
    'flow: ["--a", \'b\', c d]',
    'end: 1',
  ].join('\n');
  assert.equal(checkAllScalars(source), 27, '15 string values and 12 keys');
});

test('an edit inside a decoded YAML scalar becomes an edit of the file, encoded for the scalar', () => {
  const source = 'args:\n  - "vllm serve m --x \\"1\\""\n  - |\n    a \\\n    --b 2\n';
  const doc = parseDocument(source);
  const items = (doc.get('args') as { items: Scalar[] }).items;
  const root = identityMap(source);
  const [dq, lit] = items.map((n) => yamlScalarMap(root, n.range?.[0] ?? 0, n.range?.[1] ?? 0, n.type as YamlScalarStyle));
  assert.ok(dq && lit);
  // Insert a quoted value at the end of the double-quoted script: quotes get escaped.
  const e1 = toSourceEdit(dq, dq.text.length, dq.text.length, ' --y "a b"');
  // Append a continuation line to the literal block: the new line gets the block's indentation.
  const e2 = toSourceEdit(lit, lit.text.length - 1, lit.text.length - 1, ' \\\n--c 3');
  const out = applyEdits(source, [e1, e2]);
  assert.equal(out, 'args:\n  - "vllm serve m --x \\"1\\" --y \\"a b\\""\n  - |\n    a \\\n    --b 2 \\\n    --c 3\n');
  const reread = parseDocument(out).toJS() as { args: string[] };
  assert.deepEqual(reread.args, ['vllm serve m --x "1" --y "a b"', 'a \\\n--b 2 \\\n--c 3\n']);
});

test('JSON strings decode escapes and map each character back; inserted text is escaped', () => {
  const source = '["sh", "-c", "serve --m \\"a b\\" \\u0041\\\\"]';
  const root = identityMap(source);
  const open = source.indexOf('"serve');
  const s = jsonStringMap(root, open);
  assert.ok(s);
  assert.equal(s.map.text, 'serve --m "a b" A\\');
  assert.equal(JSON.parse(source)[2], s.map.text);
  assert.equal(s.end, source.length - 1);
  const edit = toSourceEdit(s.map, s.map.text.length, s.map.text.length, ' --q "x"');
  assert.equal(JSON.parse(applyEdits(source, [edit]))[2], 'serve --m "a b" A\\ --q "x"');
  assert.equal(jsonStringMap(root, 0), undefined, 'not a string');
  assert.equal(jsonStringMap(identityMap('"bad \\q"'), 0), undefined, 'unknown escape refused');
});

test('quoted shell words: single and double quotes, escapes, and re-quoting of inserted text', () => {
  const dq = 'bash -c "serve --p \\"$M\\" --x 1"';
  const root = identityMap(dq);
  const start = dq.indexOf('"');
  const m = quotedWordMap(root, start, dq.length);
  assert.ok(m);
  assert.equal(m.text, 'serve --p "$M" --x 1');
  assert.equal(applyEdits(dq, [toSourceEdit(m, m.text.length, m.text.length, ' --y "$Z"')]), 'bash -c "serve --p \\"$M\\" --x 1 --y \\"\\$Z\\""');
  const sq = "sh -c 'serve --x 1'";
  const m2 = quotedWordMap(identityMap(sq), 6, sq.length);
  assert.ok(m2);
  assert.equal(applyEdits(sq, [toSourceEdit(m2, m2.text.length, m2.text.length, " --n 'it's'")]), `sh -c 'serve --x 1 --n '\\''it'\\''s'\\'''`);
  assert.equal(quotedWordMap(identityMap('a"b"'), 0, 4), undefined, 'only a single quoted span');
});

test('Dockerfile instructions drop comment lines inside continuations; exec forms also drop the continuations', () => {
  const source = 'CMD ["a", \\\n  # note\n  "b", \\\n\n  "c"]';
  const ins = dockerInstructionMap(identityMap(source), 4, source.length);
  assert.equal(ins.text, '["a", \\\n  "b", \\\n  "c"]');
  const joined = withoutContinuations(ins);
  assert.equal(joined.text, '["a",   "b",   "c"]');
  assert.deepEqual(JSON.parse(joined.text), ['a', 'b', 'c']);
  // Positions survive both layers.
  const at = joined.text.indexOf('"c"');
  assert.equal(source.slice(joined.startOf(at), joined.endOf(at + 2)), '"c"');
});

test('applyEdits keeps listed order at equal offsets and rejects overlaps', () => {
  assert.equal(applyEdits('abc', [{ offset: 1, length: 0, text: 'X' }, { offset: 1, length: 0, text: 'Y' }]), 'aXYbc');
  assert.throws(() => applyEdits('abcdef', [{ offset: 0, length: 3, text: '' }, { offset: 2, length: 2, text: '' }]), /overlapping/);
});

test('scalars the decoder cannot model are refused, not guessed', () => {
  const root = identityMap('x: "\\q"');
  assert.equal(yamlScalarMap(root, 3, 7, 'QUOTE_DOUBLE'), undefined);
  const doc = parseDocument('a: !!str 12');
  const node = doc.get('a', true);
  assert.ok(isScalar(node));
});
