// EnginePreset.launchFlags: the additive preset method the patcher uses (one entry per parameter, every
// spelling the engine accepts), checked against each preset's own render().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripFlags } from '../../../src/engines/argv.js';
import { ENGINE_TYPES, getPreset } from '../../../src/engines/registry.js';
import { TRTLLM_YAML_FILE } from '../../../src/engines/trtllm.js';

const ctx = { host: '127.0.0.1', port: 8000, gpus: [0], workDir: '/tmp/w' };

test('for every server preset, launchFlags renders what render() appends, and strips what render() strips', () => {
  for (const type of ENGINE_TYPES.filter((t) => t !== 'command' && t !== 'trtllm')) {
    const preset = getPreset(type);
    const space = preset.space({ gpusPerTrial: 2 });
    const params = Object.fromEntries(Object.entries(space).map(([k, s]) => [k, s.default ?? (s.type === 'enum' ? s.values[0] : s.type === 'bool' ? false : s.min)])) as Record<string, number | boolean | string>;
    const { flags, files } = preset.launchFlags(params);
    assert.deepEqual(files, []);
    assert.deepEqual(flags.map((f) => f.name), Object.keys(params), type);
    const rendered = preset.render(params, preset.defaultCommand, ctx).argv;
    assert.deepEqual(rendered.slice(-flags.flatMap((f) => f.argv).length || rendered.length), flags.flatMap((f) => f.argv), type);
    // What launchFlags strips from the rendered command leaves the default command plus host/port (and
    // the flags that only expose metrics, llama.cpp's --metrics): the launch with no parameter at all.
    const bare = preset.render({}, preset.defaultCommand, ctx).argv;
    assert.deepEqual(bare.slice(0, preset.defaultCommand.length + 4), [...preset.defaultCommand, '--host', '127.0.0.1', '--port', '8000'], type);
    assert.deepEqual(stripFlags(rendered, flags.flatMap((f) => f.strip)), bare, type);
  }
});

test('vLLM V1 also knows the underscore spellings its parser accepts; parameters it does not know follow the convention', () => {
  const { flags } = getPreset('vllm', '0.11').launchFlags({ 'max-num-seqs': 8, 'swap-space': 4, 'disable-log-stats': true });
  assert.ok(flags[0].strip[0].names.includes('--max_num_seqs'));
  assert.deepEqual(flags[1], { name: 'swap-space', argv: ['--swap-space', '4'], strip: [{ names: ['--swap-space', '--swap_space'], value: 'required' }] });
  assert.deepEqual(flags[2].argv, ['--disable-log-stats']);
  assert.ok(!getPreset('sglang').launchFlags({ 'max-running-requests': 8 }).flags[0].strip[0].names.some((n) => n.includes('_')), 'SGLang takes dashes only');
});

test('TensorRT-LLM: YAML-only settings go to the LLM-API file, their CLI spellings are removed', () => {
  const { flags, files } = getPreset('trtllm').launchFlags({ max_batch_size: 64, kv_cache_free_gpu_memory_fraction: 0.8, enable_chunked_prefill: true }, { filesDir: 'conf/' });
  assert.deepEqual(flags.map((f) => [f.name, f.argv]), [
    ['max_batch_size', ['--max_batch_size', '64']],
    ['kv_cache_free_gpu_memory_fraction', []],
    ['enable_chunked_prefill', []],
    ['extra_llm_api_options', ['--extra_llm_api_options', `conf/${TRTLLM_YAML_FILE}`]],
  ]);
  assert.deepEqual(files.map((f) => f.path), [`conf/${TRTLLM_YAML_FILE}`]);
  assert.match(files[0].content, /free_gpu_memory_fraction: 0\.8/);
  assert.match(files[0].content, /enable_chunked_prefill: true/);
  assert.deepEqual(getPreset('trtllm').launchFlags({ max_batch_size: 64 }).files, []);
});

test('the command engine has no launch flags', () => {
  assert.deepEqual(getPreset('command').launchFlags({ x: 1 }), { flags: [], files: [] });
});
