import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { llamacpp } from '../../../src/engines/llamacpp.js';
import { assertDefaultsFeasible, buildSpace, CTX, parsedConstraints } from './helpers.js';

const BASE = ['llama-server', '-m', 'tinyllama-1.1b.gguf', '-ngl', '99'];
/** Real output of llama.cpp d32676d7 built by scripts/llamacpp/build.sh (test/fixtures/llamacpp/README.md). */
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'llamacpp');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

test('llama.cpp: the space builds with the slot, context, batch and flash-attention knobs', () => {
  const space = buildSpace(llamacpp, { gpusPerTrial: 1 });
  assert.deepEqual([...space.names], ['parallel', 'ctx-size', 'batch-size', 'ubatch-size', 'flash-attn', 'cont-batching']);
  assert.deepEqual(llamacpp.space({ gpusPerTrial: 1 })['flash-attn'], { type: 'enum', values: ['on', 'off', 'auto'], default: 'auto' });
});

test('llama.cpp: default parameters render to the expected argv', () => {
  const params = buildSpace(llamacpp, { gpusPerTrial: 1 }).defaults();
  assert.deepEqual(llamacpp.render(params, BASE, CTX).argv, [
    ...BASE, '--host', '127.0.0.1', '--port', '8123', '--metrics',
    '--parallel', '4', '--ctx-size', '4096', '--batch-size', '2048', '--ubatch-size', '512', '--flash-attn', 'auto', '--cont-batching',
  ]);
  assert.equal(llamacpp.readiness?.path, '/health');
});

test('llama.cpp: short and long spellings in the base command are replaced; a legacy bare -fa goes alone', () => {
  const base = ['llama-server', '-m', 'm.gguf', '-np', '8', '-c', '2048', '-fa', '-ngl', '99', '-ub=256', '--batch-size=1024', '-nocb', '--port', '8080'];
  const argv = llamacpp.render({ parallel: 16, 'ctx-size': 8192, 'flash-attn': 'on', 'ubatch-size': 512, 'batch-size': 2048, 'cont-batching': false }, base, CTX).argv;
  assert.deepEqual(argv, [
    'llama-server', '-m', 'm.gguf', '-ngl', '99', '--host', '127.0.0.1', '--port', '8123', '--metrics',
    '--parallel', '16', '--ctx-size', '8192', '--flash-attn', 'on', '--ubatch-size', '512', '--batch-size', '2048', '--no-cont-batching',
  ]);
  const withValue = llamacpp.render({ 'flash-attn': 'off' }, ['llama-server', '-fa', 'on', '-m', 'm.gguf'], CTX).argv;
  assert.deepEqual(withValue, ['llama-server', '-m', 'm.gguf', '--host', '127.0.0.1', '--port', '8123', '--metrics', '--flash-attn', 'off']);
});

test('llama.cpp: every slot must hold the longest request (docs/ARCHITECTURE.md §9: -c 4096 -np 32 fails)', () => {
  const facts = { maxPromptTokens: 300, maxOutputTokens: 128, maxTotalTokens: 420 };
  assert.deepEqual(llamacpp.workloadConstraints(facts), ['ctx-size >= parallel * 420']);
  assertDefaultsFeasible(llamacpp, { gpusPerTrial: 1 }, facts);
  const [ubatch, perSlot] = parsedConstraints(llamacpp, { gpusPerTrial: 1 }, facts);
  assert.equal(perSlot.test({ 'ctx-size': 4096, parallel: 32 }), false);
  assert.equal(perSlot.test({ 'ctx-size': 8192, parallel: 16 }), true);
  assert.equal(ubatch.test({ 'ubatch-size': 1024, 'batch-size': 512 }), false);
});

test('llama.cpp: real failures are classified', () => {
  const kv = [
    'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 4480.00 MiB on device 3: cudaMalloc failed: out of memory',
    'llama_kv_cache_init: failed to allocate buffer for kv cache',
    "srv    load_model: failed to load model, '/models/DeepSeek-R1-UD-IQ1_M-00001-of-00004.gguf'",
  ].join('\n');
  assert.equal(llamacpp.classifyFailure(kv)?.reason, 'out-of-memory');
  assert.equal(llamacpp.classifyFailure('ggml_gallocr_reserve_n: failed to allocate CUDA0 buffer of size 292926534144')?.reason, 'out-of-memory');
  assert.equal(llamacpp.classifyFailure("main: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 8080")?.reason, 'address-in-use');
  assert.equal(llamacpp.classifyFailure('error: invalid argument: --max-num-seqs')?.reason, 'unknown-flag');
  assert.equal(llamacpp.classifyFailure(`error while handling argument "--flash-attn": error: unkown value for --flash-attn: '--main-gpu'`)?.reason, 'invalid-config');
  const ctx = 'srv    send_error: task id = 2017, error: the request exceeds the available context size. try increasing the context size or enable context shift';
  assert.equal(llamacpp.classifyFailure(ctx)?.reason, 'context-too-small');
  assert.equal(llamacpp.classifyFailure("gguf_init_from_file: failed to open GGUF file 'missing.gguf'")?.reason, 'model-not-found');
});

test('llama.cpp: the baseline is the base command with no tuned flag; --metrics is added once, only when missing', () => {
  assert.equal(llamacpp.baseline, 'base-command');
  assert.deepEqual(llamacpp.render({}, BASE, CTX).argv, [...BASE, '--host', '127.0.0.1', '--port', '8123', '--metrics']);
  // The user's own flags stay: the baseline is their command as it is.
  const own = ['llama-server', '-m', 'm.gguf', '-np', '8', '--metrics'];
  assert.deepEqual(llamacpp.render({}, own, CTX).argv, [...own, '--host', '127.0.0.1', '--port', '8123']);
  // A launch file gets the tuned flags only: --metrics is scoot's need, not the user's.
  assert.deepEqual(llamacpp.launchFlags({ parallel: 8 }).flags.map((f) => f.argv), [['--parallel', '8']]);
});

test("llama.cpp: every flag the preset renders or strips, and every default it states, is in that build's --help", () => {
  const help = fixture('llama-server-help.txt');
  const spellings = (line: RegExp): string => {
    const found = help.split('\n').find((l) => line.test(l));
    assert.ok(found, `no --help line matches ${line}`);
    return found;
  };
  const names = new Set<string>();
  for (const params of [buildSpace(llamacpp, { gpusPerTrial: 1 }).defaults(), { 'cont-batching': false }])
    for (const token of llamacpp.render(params, BASE, CTX).argv.slice(BASE.length)) if (token.startsWith('-')) names.add(token);
  for (const f of llamacpp.launchFlags({ parallel: 2, 'ctx-size': 4096, 'batch-size': 512, 'ubatch-size': 256, 'flash-attn': 'on', 'cont-batching': true }).flags)
    for (const s of f.strip) for (const n of s.names) names.add(n);
  for (const name of names) assert.match(help, new RegExp(`(^|[ ,])${name.replace(/[-]/g, '\\-')}([ ,\\n=]|$)`, 'm'), `${name} is not in llama-server --help`);
  // The engine defaults the preset's descriptions and defaults are built on.
  assert.match(spellings(/--parallel N/), /default: -1, -1 = auto/);
  assert.match(spellings(/--ctx-size N/), /default: 0, 0 = loaded from model/);
  assert.match(spellings(/--batch-size N/), /default: 2048/);
  assert.match(spellings(/--ubatch-size N/), /default: 512/);
  assert.match(spellings(/--flash-attn \[on\|off\|auto\]/), /default: 'auto'/);
  assert.match(help, /--cont-batching, -nocb, --no-cont-batching[\s\S]{0,200}default: enabled/);
  assert.match(help, /--kv-unified[\s\S]{0,200}enabled if number of slots is auto/);
  assert.match(spellings(/^--metrics/), /default: disabled/);
  const space = llamacpp.space({ gpusPerTrial: 1 });
  assert.equal(space['batch-size'].default, 2048);
  assert.equal(space['ubatch-size'].default, 512);
  assert.equal(space['flash-attn'].default, 'auto');
  assert.equal(space['cont-batching'].default, true);
  assert.match(llamacpp.checkedAgainst, /d32676d77426540327835040d5d3279728f0b4c8/);
});

test('llama.cpp: failures in real logs of that build are classified, each with the line that says why', () => {
  const cases: [string, string, RegExp][] = [
    ['bad-flag.log', 'unknown-flag', /invalid argument: --bogus-flag/],
    ['bad-value.log', 'invalid-config', /unknown value for --flash-attn: 'maybe'/],
    ['bad-int.log', 'invalid-config', /argument "-np": stoi/],
    ['model-not-found.log', 'model-not-found', /failed to open GGUF file '\/nonexistent\/model.gguf'/],
    ['address-in-use.log', 'address-in-use', /couldn't bind HTTP server socket, hostname: 127.0.0.1, port: 18092/],
    ['ctx-too-small.log', 'context-too-small', /request \(1473 tokens\) exceeds the available context size \(256 tokens\)/],
  ];
  for (const [file, reason, line] of cases) {
    const found = llamacpp.classifyFailure(fixture(file));
    assert.equal(found?.reason, reason, file);
    assert.match(found.line, line, file);
  }
  // The client sees the slot overflow as an HTTP 400 body; its message classifies the same way.
  const body = JSON.parse(fixture('ctx-too-small.response.json')) as { error: { message: string; type: string } };
  assert.equal(body.error.type, 'exceed_context_size_error');
  assert.equal(llamacpp.classifyFailure(`HTTP 400: ${body.error.message}`)?.reason, 'context-too-small');
});
