// The server as a real process: exit codes and failure behaviour the runner relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, startSimServer } from './sim-process.js';

async function complete(base: string, prompt: string, maxTokens: number, timeoutMs = 10000): Promise<Response> {
  return fetch(`${base}/v1/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(timeoutMs),
    body: JSON.stringify({ prompt, max_tokens: maxTokens, ignore_eos: true }),
  });
}

test('an unknown flag exits 2 with argparse\'s message', async (t) => {
  const p = startSim(['some/model', '--model-profile', 'llama2-7b', '--foo', '3']);
  t.after(() => p.kill());
  assert.equal(await p.exited, 2);
  assert.match(p.output(), /error: unrecognized arguments: --foo 3/);
  assert.match(p.output(), /^usage: /m);
});

test('a start-up failure exits 1 with the engine\'s error', async (t) => {
  const p = startSim(['--model-profile', 'llama2-13b', '--gpu', 'a10']);
  t.after(() => p.kill());
  assert.equal(await p.exited, 1);
  assert.match(p.output(), /CUDA out of memory/);
  const q = startSim(['--model-profile', 'llama2-13b', '--max-num-batched-tokens', '2048']);
  t.after(() => q.kill());
  assert.equal(await q.exited, 1);
  assert.match(q.output(), /ValueError: max_num_batched_tokens \(2048\) is smaller than max_model_len \(4096\)/);
});

test('SIGTERM shuts down gracefully with status 0', async (t) => {
  const { proc, base } = await startSimServer(['--model-profile', 'llama2-7b']);
  t.after(() => proc.kill());
  assert.equal((await fetch(`${base}/health`)).status, 200);
  proc.child.kill('SIGTERM');
  assert.equal(await proc.exited, 0);
  assert.match(proc.output(), /Shutting down/);
});

test('the port opens only after the simulated model load', async (t) => {
  const p = startSim(['--port', '0', '--model-profile', 'llama2-7b', '--startup-seconds', '1.5']);
  t.after(() => p.kill());
  const started = Date.now();
  await p.waitFor(/Uvicorn running on/);
  assert.ok(Date.now() - started >= 1400);
  assert.ok(p.output().indexOf('# GPU blocks') < p.output().indexOf('Uvicorn running on'));
});

test('a crash under load kills the process with a non-zero status mid-test', async (t) => {
  // Chunked prefill + prefix caching: vLLM 0.4/0.5 raise at the first prefix-cache hit.
  const { proc, base } = await startSimServer(['--model-profile', 'llama2-7b', '--enable-chunked-prefill', '--enable-prefix-caching']);
  t.after(() => proc.kill());
  const shared = Array.from({ length: 64 }, (_, i) => `w${i}`).join(' ');
  const first = await complete(base, `${shared} first`, 3);
  assert.equal(first.status, 200);
  await complete(base, `${shared} second`, 3).catch(() => undefined);
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), /RuntimeError: chunked prefill cannot be used with prefix caching now/);
});

test('a hang keeps the process alive but stops producing tokens', async (t) => {
  // Custom all-reduce over PCIe with more than 128 sequences in a batch wedges the engine.
  const { proc, base } = await startSimServer(['--model-profile', 'llama2-7b', '--gpu', 'a10', '-tp', '2', '--num-gpus', '2']);
  t.after(() => proc.kill());
  const pending = Array.from({ length: 160 }, (_, i) => complete(base, `request ${i}`, 300, 60000).then((r) => r.status, () => 'aborted'));
  void Promise.all(pending);
  const generated = async (): Promise<{ tokens: number; running: number }> => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const num = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { tokens: num('vllm:generation_tokens_total'), running: num('vllm:num_requests_running') };
  };
  let before = await generated();
  for (let i = 0; i < 50 && before.running <= 128; i++) {
    await new Promise((r) => setTimeout(r, 100));
    before = await generated();
  }
  await new Promise((r) => setTimeout(r, 1500));
  const later = await generated();
  assert.ok(later.running > 128, `running ${later.running}`);
  assert.equal(later.tokens, before.tokens, 'no token was generated while requests were running');
  assert.equal(proc.child.exitCode, null);
  assert.equal((await fetch(`${base}/health`)).status, 200); // the API process itself is alive
  await assert.rejects(complete(base, 'anyone there?', 1, 1500));
});
