import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConstraintError, parseConstraint, satisfiesAll, totalViolation } from '../../../src/core/constraints.js';
import { Rng } from '../../../src/core/rng.js';
import type { Params } from '../../../src/core/types.js';

const VLLM = ['max-num-seqs', 'max-num-batched-tokens', 'max-model-len', 'enable-chunked-prefill',
  'enable-prefix-caching', 'gpu-memory-utilization', 'block-size', 'quantization', 'tensor-parallel-size'];

function errorOf(source: string, known: readonly string[] = VLLM): ConstraintError {
  try {
    parseConstraint(source, known);
  } catch (e) {
    if (e instanceof ConstraintError) return e;
    throw e;
  }
  assert.fail(`expected ${JSON.stringify(source)} to be rejected`);
}

test('the error messages of the brief, exactly', () => {
  const unknown = errorOf('max-num-seqs >= foo');
  assert.equal(unknown.message, 'constraint "max-num-seqs >= foo": unknown parameter "foo" at column 17');
  assert.equal(unknown.column, 17);
  assert.equal(unknown.source, 'max-num-seqs >= foo');
  assert.equal(errorOf('a >= ', ['a']).message, 'constraint "a >= ": expected a value at column 6');
});

test('syntax errors point at the offending column', () => {
  const cases: [string, RegExp, number][] = [
    ['', /expected a value/, 1],
    ['max-num-seqs >', /expected a value/, 15],
    ['max-num-seqs > > 3', /expected a value/, 16],
    ['(max-num-seqs > 3', /unclosed "\("/, 1],
    ['!(enable-chunked-prefill && (enable-prefix-caching)', /unclosed "\("/, 2],
    ['(max-num-seqs > 3 block-size', /expected "\)" to close "\(" from column 1/, 19],
    ['max-num-seqs > 3)', /unexpected "\)" with no matching "\("/, 17],
    ['max-num-seqs > 3 block-size', /unexpected "block-size"; expected an operator or the end/, 18],
    ['max-num-seqs > 3 4', /unexpected "4"/, 18],
    ['3abc > 1', /unexpected "abc/, 2],
    ['max-num-seqs = 3', /use "==" to compare for equality/, 14],
    ['enable-chunked-prefill & enable-prefix-caching', /use "&&" for logical and/, 24],
    ['enable-chunked-prefill | enable-prefix-caching', /use "\|\|" for logical or/, 24],
    ['quantization == "fp8', /unterminated string/, 17],
    ['1 < max-num-seqs < 10', /comparisons cannot be chained/, 18],
    ['block-size == 16 == 16', /comparisons cannot be chained/, 18],
    ['max-num-seqs > #', /expected a value/, 16],
  ];
  for (const [source, pattern, column] of cases) {
    const e = errorOf(source);
    assert.match(e.message, pattern, source);
    assert.equal(e.column, column, `${source}: ${e.message}`);
    assert.ok(e.message.startsWith(`constraint "${source}": `), e.message);
    assert.ok(e.message.endsWith(`at column ${column}`), e.message);
    assert.ok(!e.message.includes('\n'));
  }
});

test('unknown names are errors, with a suggestion when one is close', () => {
  assert.equal(errorOf('max-num-seq >= 1').message,
    'constraint "max-num-seq >= 1": unknown parameter "max-num-seq" at column 1; did you mean "max-num-seqs"?');
  assert.equal(errorOf('max-num-seqs > 0 || process.exit(1)').message,
    'constraint "max-num-seqs > 0 || process.exit(1)": unknown parameter "process.exit" at column 21');
  assert.equal(errorOf('constructor > 0').column, 1);
  assert.equal(errorOf('max-num-seqs.x > 0').message, 'constraint "max-num-seqs.x > 0": unknown parameter "max-num-seqs.x" at column 1; did you mean "max-num-seqs"?');
});

test('strings can only be compared with == and !=', () => {
  const cases: [string, RegExp, number][] = [
    ['quantization < "fp8"', /"fp8" is a string; strings can only be compared with == or !=/, 16],
    ['"a" >= "b"', /"a" is a string/, 1],
    ['"fp8" + 1 > 0', /"fp8" is a string/, 1],
    ['-"x" < 0', /"x" is a string/, 2],
    ['"fp8"', /"fp8" is a string, not a condition/, 1],
    ['!"fp8"', /"fp8" is a string, not a condition/, 2],
    ["enable-prefix-caching && 'x'", /"x" is a string, not a condition/, 26],
  ];
  for (const [source, pattern, column] of cases) {
    const e = errorOf(source);
    assert.match(e.message, pattern, source);
    assert.equal(e.column, column, source);
  }
  // A parameter holding a string is caught when evaluated, at the parameter's column.
  const c = parseConstraint('1 + quantization > 2', VLLM);
  assert.throws(() => c.test({ quantization: 'fp8' }),
    (e: unknown) => e instanceof ConstraintError && e.column === 5 &&
      e.message === 'constraint "1 + quantization > 2": parameter "quantization" is the string "fp8"; strings can only be compared with == or != at column 5');
  assert.throws(() => parseConstraint('quantization && true', VLLM).test({ quantization: 'awq' }), /is the string "awq", not a condition at column 1/);
  assert.throws(() => parseConstraint('max-num-seqs > 1', VLLM).test({}), /parameter "max-num-seqs" has no value at column 1/);
});

test('hyphenated names: the longest known name wins, otherwise "-" is minus', () => {
  const both = parseConstraint('a-b == 10', ['a', 'b', 'a-b']);
  assert.deepEqual(both.names, ['a-b']);
  assert.equal(both.test({ a: 1, b: 2, 'a-b': 10 }), true);
  const minus = parseConstraint('a-b == -1', ['a', 'b']);
  assert.deepEqual(minus.names, ['a', 'b']);
  assert.equal(minus.test({ a: 1, b: 2 }), true);
  // "a-bc": a-b is known but would end mid-name, so it is a minus bc.
  const boundary = parseConstraint('a-bc == -1', ['a', 'a-b', 'bc']);
  assert.deepEqual(boundary.names, ['a', 'bc']);
  assert.equal(boundary.test({ a: 1, bc: 2, 'a-b': 99 }), true);
  // Spaces always separate: "a - b" is a minus b even when a-b exists.
  assert.deepEqual(parseConstraint('a - b > 0', ['a', 'b', 'a-b']).names, ['a', 'b']);
  // Names with dots, underscores and digits; a name right after a number's minus.
  const odd = parseConstraint('model.max_len2 - 1 >= x_1', ['model.max_len2', 'x_1']);
  assert.equal(odd.test({ 'model.max_len2': 5, x_1: 4 }), true);
  assert.equal(odd.test({ 'model.max_len2': 4, x_1: 4 }), false);
  // names lists each parameter once, in order of first mention.
  assert.deepEqual(parseConstraint('max-model-len >= max-num-seqs && max-num-seqs > 1 && max-model-len > 0', VLLM).names,
    ['max-model-len', 'max-num-seqs']);
});

test('expressions evaluate to hand-computed truth values', () => {
  const p: Params = {
    'max-num-seqs': 256, 'max-num-batched-tokens': 512, 'max-model-len': 4096, 'enable-chunked-prefill': true,
    'enable-prefix-caching': false, 'gpu-memory-utilization': 0.9, 'block-size': 16, quantization: 'fp8',
    'tensor-parallel-size': 2,
  };
  const cases: [string, boolean][] = [
    ['max-num-batched-tokens >= max-num-seqs', true],
    ['max-num-batched-tokens < max-num-seqs', false],
    ['!(enable-chunked-prefill && enable-prefix-caching)', true],
    ['enable-chunked-prefill && !enable-prefix-caching', true],
    ['enable-chunked-prefill || max-num-batched-tokens >= max-model-len', true],
    ['!enable-chunked-prefill', false],
    ['max-num-batched-tokens >= max-model-len', false],
    ['1 + 2 * 3 == 7', true],
    ['(1 + 2) * 3 == 9', true],
    ['10 - 4 - 3 == 3', true],
    ['8 / 4 / 2 == 1', true],
    ['-2 * -3 == 6', true],
    ['- -2 == 2', true],
    ['2 - -2 == 4', true],
    ['1e3 == 1000', true],
    ['.5 + 0.25 == 0.75', true],
    ['2.5e-1 == 0.25', true],
    ['1E+2 == 100', true],
    ['max-num-seqs * tensor-parallel-size == max-num-batched-tokens', true],
    ['gpu-memory-utilization * 100 >= 90', true],
    ['gpu-memory-utilization > 0.9', false],
    ['gpu-memory-utilization <= 0.9', true],
    ['block-size != 16', false],
    ['block-size == 16 && block-size >= 16 && block-size <= 16', true],
    ['quantization == "fp8"', true],
    ["quantization == 'fp8'", true],
    ['quantization != "fp8"', false],
    ['quantization == "awq" || quantization == "fp8"', true],
    ['block-size == "16"', true],
    ['"fp8" == quantization', true],
    ['enable-chunked-prefill == true', true],
    ['enable-prefix-caching == false', true],
    ['enable-chunked-prefill + enable-prefix-caching <= 1', true],
    ['enable-chunked-prefill + enable-chunked-prefill == 2', true],
    ['enable-chunked-prefill * max-num-seqs == 256', true],
    ['true', true],
    ['false', false],
    ['!false && true', true],
    ['max-num-seqs', true],
    ['max-num-seqs - 256', false],
    ['max-num-seqs - 256 || enable-prefix-caching', false],
    ['true || false && false', true], // && binds tighter than ||
    ['(true || false) && false', false],
    ['!true || true', true], // ! binds tighter than ||
    ['!(true || true)', false],
    ['max-num-seqs > 100 == true', true],
    ['(max-num-seqs > 100) + (max-model-len > 100) == 2', true],
    ['max-num-seqs < 1 == max-model-len < 1', true],
    ['max-num-seqs / 0 > 1e308', true],
    ['0 / 0 == 0 / 0', false],
    ['0 / 0 != 0 / 0', true],
    ['  max-num-seqs>=256&&block-size<32  ', true],
  ];
  for (const [source, expected] of cases) {
    const c = parseConstraint(source, VLLM);
    assert.equal(c.test(p), expected, source);
    assert.equal(c.violation(p) === 0, expected, `${source}: violation ${c.violation(p)}`);
  }
});

test('violation: relative gaps, && sums, || takes the minimum, ! uses the satisfaction degree', () => {
  const known = ['x', 'y', 'p', 'q'];
  const ge = parseConstraint('x >= y', known);
  assert.equal(ge.violation({ x: 256, y: 512 }), 256 / 769);
  assert.equal(ge.violation({ x: 512, y: 256 }), 0);
  // The degree shrinks as x approaches y, which is what guides a solver.
  const path = [0, 100, 300, 500, 511].map((x) => ge.violation({ x, y: 512 }));
  for (let i = 1; i < path.length; i++) assert.ok(path[i] < path[i - 1]);
  // A tie on a strict comparison is still a (tiny) violation.
  const gt = parseConstraint('x > y', known);
  assert.ok(gt.violation({ x: 3, y: 3 }) > 0 && gt.violation({ x: 3, y: 3 }) < 1e-6);
  assert.equal(parseConstraint('x == y', known).violation({ x: 1, y: 3 }), 2 / 5);
  const and = parseConstraint('x >= 10 && y >= 10', known);
  assert.equal(and.violation({ x: 5, y: 0 }), 5 / 16 + 10 / 11);
  const or = parseConstraint('x >= 10 || y >= 10', known);
  assert.equal(or.violation({ x: 5, y: 0 }), 5 / 16);
  // !(A && B): zero when either is false, else the cheaper way to falsify one of them.
  const notAnd = parseConstraint('!(x > 10 && y > 10)', known);
  assert.equal(notAnd.violation({ x: 20, y: 12 }), Math.min(10 / 31, 2 / 23));
  assert.equal(notAnd.violation({ x: 20, y: 5 }), 0);
  // !(A || B) needs both false: the satisfactions add up.
  const notOr = parseConstraint('!(x > 10 || y > 10)', known);
  assert.equal(notOr.violation({ x: 20, y: 12 }), 10 / 31 + 2 / 23);
  // Double negation gives back the violation.
  assert.equal(parseConstraint('!!(x >= y)', known).violation({ x: 256, y: 512 }), 256 / 769);
  // Booleans and text comparisons are all-or-nothing.
  assert.equal(parseConstraint('!(p && q)', known).violation({ p: true, q: true }), 1);
  assert.equal(parseConstraint('x == "a"', known).violation({ x: 'b' }), 1);
});

test('property: violation is 0 exactly when test() holds, and never negative or NaN', () => {
  const known = ['a', 'b', 'c', 'f1', 'f2', 'e'];
  const sources = [
    'a >= b', 'a > b', 'a < b * 2', 'a <= b + c', 'a == b', 'a != b', '!(a > b)', '!(a >= b && f1)',
    '!(f1 && f2)', 'f1 || a - b > 3', '!(a < b || b < c) && f2', 'a * f1 >= b', 'a / b > c', 'a - b',
    '!(a == c) || !(f1 || f2)', 'e == "x" || a > 0', '!(e != "y" && a <= b)', '(a > b) == (b > c)',
    '-a > -b && !(c >= 0 || f2)', 'a >= b && b >= c && c >= a',
  ];
  const constraints = sources.map((s) => parseConstraint(s, known));
  const rng = new Rng(2024);
  const pick = () => {
    const r = rng.uniform();
    if (r < 0.25) return rng.int(5) - 2; // small integers: ties happen
    if (r < 0.3) return 0;
    return rng.range(-1000, 1000);
  };
  for (let i = 0; i < 3000; i++) {
    const params: Params = {
      a: pick(), b: pick(), c: pick(), f1: rng.uniform() < 0.5, f2: rng.uniform() < 0.5, e: ['x', 'y', 'z'][rng.int(3)],
    };
    for (const c of constraints) {
      const v = c.violation(params);
      assert.ok(Number.isFinite(v) && v >= 0, `${c.source}: ${v}`);
      assert.equal(v === 0, c.test(params), `${c.source} at ${JSON.stringify(params)}: violation ${v}`);
    }
    assert.equal(satisfiesAll(constraints, params), constraints.every((c) => c.test(params)));
    assert.equal(totalViolation(constraints, params) === 0, satisfiesAll(constraints, params));
  }
});

test('satisfiesAll and totalViolation over the vLLM constraints of docs/ARCHITECTURE.md §1', () => {
  const constraints = [
    'max-num-batched-tokens >= max-num-seqs',
    '!(enable-chunked-prefill && enable-prefix-caching)',
    'enable-chunked-prefill || max-num-batched-tokens >= max-model-len',
  ].map((s) => parseConstraint(s, VLLM));
  const ok: Params = { 'max-num-seqs': 256, 'max-num-batched-tokens': 8192, 'max-model-len': 4096, 'enable-chunked-prefill': false, 'enable-prefix-caching': true };
  assert.equal(satisfiesAll(constraints, ok), true);
  assert.equal(totalViolation(constraints, ok), 0);
  const bad: Params = { 'max-num-seqs': 1024, 'max-num-batched-tokens': 512, 'max-model-len': 4096, 'enable-chunked-prefill': false, 'enable-prefix-caching': true };
  assert.equal(satisfiesAll(constraints, bad), false);
  assert.equal(totalViolation(constraints, bad), 512 / 1537 + 3584 / 4609);
  assert.equal(satisfiesAll([], bad), true);
  assert.equal(totalViolation([], bad), 0);
});
