import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfigText } from '../../../src/study/load-config.js';

const valid = `{
  // a comment, as in docs/ARCHITECTURE.md §3
  "name": "bot-a100x2",
  "engine": { "type": "vllm", "version": "0.11", "command": ["vllm", "serve", "meta-llama/Llama-2-13b-hf"], "port": 8000 },
  "target": { "type": "local", "gpus": [0, 1, 2, 3] },
  "parameters": {
    "max-num-seqs": { "type": "int", "min": 64, "max": 8192, "log": true, "default": 256 },
    "block-size": { "type": "enum", "values": [8, 16, 32], "default": 16 },
    "enable-prefix-caching": { "type": "bool", "default": false },
    "gpu-memory-utilization": { "type": "float", "min": 0.8, "max": 0.95, "default": 0.9 },
    "swap-space": false,
  },
  "constraints": ["max-num-batched-tokens >= max-num-seqs"],
  "objectives": [{ "metric": "ttft_mean", "goal": "min" }, { "metric": "tpot_mean", "goal": "min" }],
  "slo": { "ttft_p99": { "max": 2000 } },
  "workload": { "trace": "traces/bot.jsonl", "rate": 10, "durationSec": 100, "arrival": "poisson", "burstiness": 1, "longestOutputs": 0.5, "api": "completions" },
  "budget": { "evaluations": 30, "parallel": 1 },
  "robustness": { "repeats": 3 },
  "optimizer": { "algorithm": "scoot", "seed": 0 }
}`;

function issuesOf(text: string): ConfigError {
  try {
    parseConfigText(text, 'scoot.config.json');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.fail('expected a ConfigError');
}

test('the docs/ARCHITECTURE.md §3 example (with comments and a trailing comma) is valid', () => {
  const c = parseConfigText(valid, 'scoot.config.json');
  assert.equal(c.engine.type, 'vllm');
  assert.equal(c.parameters?.['swap-space'], false);
  assert.deepEqual(c.slo, { ttft_p99: { max: 2000 } });
});

test('a misspelt field is named, with the range of its key', () => {
  const text = valid.replace('"evaluations": 30', '"evaluatons": 30');
  const e = issuesOf(text);
  assert.match(e.message, /^scoot\.config\.json: budget(\.evaluatons: unknown field|: missing required field "evaluations")/);
  const unknown = e.issues.find((i) => i.message.startsWith('unknown field'));
  assert.ok(unknown);
  assert.equal(text.slice(unknown.offset, unknown.offset + unknown.length), '"evaluatons"');
});

test('a wrong type names the field and underlines the value', () => {
  const text = valid.replace('"evaluations": 30', '"evaluations": "thirty"');
  const e = issuesOf(text);
  assert.equal(e.message, 'scoot.config.json: budget.evaluations: must be integer');
  assert.equal(text.slice(e.issues[0].offset, e.issues[0].offset + e.issues[0].length), '"thirty"');
});

test('an unknown engine type lists the allowed ones', () => {
  const e = issuesOf(valid.replace('"type": "vllm"', '"type": "vllmx"'));
  assert.match(e.message, /engine\.type: must be one of "vllm", "sglang", "trtllm", "llamacpp", "sim", "command"/);
});

test('a bad parameter spec points into the parameter', () => {
  const e = issuesOf(valid.replace('"min": 0.8, "max": 0.95', '"min": 0.8, "maximum": 0.95'));
  assert.ok(e.issues.some((i) => i.path.join('.') .startsWith('parameters.gpu-memory-utilization')), e.message);
});

test('broken JSON gives the line', () => {
  const e = issuesOf('{\n  "engine": { "type": "sim" \n  "objectives": []\n}');
  assert.match(e.message, /invalid JSON \(CommaExpected\) at line 3/);
});

test('a missing section is named', () => {
  const e = issuesOf('{ "engine": { "type": "sim" }, "objectives": [{ "metric": "ttft_mean", "goal": "min" }], "workload": { "trace": "t.jsonl" } }');
  assert.equal(e.message, 'scoot.config.json: missing required field "budget"');
});

test('target.slotsPerGpu must be a positive integer', () => {
  const ok = parseConfigText(valid.replace('"gpus": [0, 1, 2, 3] }', '"gpus": [0], "slotsPerGpu": 2 }'), 'scoot.config.json');
  assert.deepEqual(ok.target, { type: 'local', gpus: [0], slotsPerGpu: 2 });
  const e = issuesOf(valid.replace('"gpus": [0, 1, 2, 3] }', '"gpus": [0], "slotsPerGpu": 0 }'));
  assert.match(e.message, /^scoot\.config\.json: target\.slotsPerGpu: must be >= 1/);
});
