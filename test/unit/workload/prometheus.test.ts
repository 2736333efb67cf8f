import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseExposition, sumSeries } from '../../../src/workload/prometheus.js';
import { histogramDelta, histogramMean, histogramQuantile, readHistogram } from '../../../src/workload/histogram.js';
import type { Histogram } from '../../../src/workload/histogram.js';
import { engineLatencyDelta, engineScrapeFrom, scrapeEngineMetrics } from '../../../src/workload/engine-metrics.js';
import { ScrapeError } from '../../../src/workload/errors.js';
import { freePort } from './mock-openai.js';

test('exposition: comments, labels with escapes and commas, special values, timestamps', () => {
  const e = parseExposition([
    '# HELP vllm:num_requests_running Number of requests.',
    '# TYPE vllm:num_requests_running gauge',
    'vllm:num_requests_running{engine="0",model_name="a \\"quoted\\", b\\\\c"} 3',
    'vllm:num_requests_running{engine="1",model_name="x"} 4 1712345678000',
    'up 1',
    'weird{le="+Inf"} +Inf',
    'nothing NaN',
    'trailing_comma{a="1",} -2.5e-3',
  ].join('\n'));
  assert.equal(e.types['vllm:num_requests_running'], 'gauge');
  assert.deepEqual(e.samples[0], { name: 'vllm:num_requests_running', labels: { engine: '0', model_name: 'a "quoted", b\\c' }, value: 3 });
  assert.equal(sumSeries(e, 'vllm:num_requests_running'), 7);
  assert.equal(sumSeries(e, 'absent'), undefined);
  assert.equal(e.samples[3].value, Infinity);
  assert.ok(Number.isNaN(e.samples[4].value));
  assert.deepEqual(e.samples[5], { name: 'trailing_comma', labels: { a: '1' }, value: -0.0025 });
  assert.throws(() => parseExposition('ok 1\nbroken{a=1} 2'), (err: unknown) => err instanceof ScrapeError && /^metrics line 2: expected a quoted value for label a/.test(err.message));
});

const hist = (name: string, labels: string, le: number[], cum: number[], sum: number): string[] => [
  ...le.map((b, i) => `${name}_bucket{${labels}le="${b === Infinity ? '+Inf' : b}"} ${cum[i]}`),
  `${name}_sum{${labels}} ${sum}`,
  `${name}_count{${labels}} ${cum[cum.length - 1]}`,
];

test('histogram: label sets summed, mean, and histogram_quantile by hand', () => {
  const text = [
    ...hist('h', 'engine="0",', [0.1, 0.5, 1, Infinity], [1, 4, 6, 6], 2.0),
    ...hist('h', 'engine="1",', [0.1, 0.5, 1, Infinity], [1, 2, 3, 4], 3.0),
  ].join('\n');
  const h = readHistogram(parseExposition(text), 'h') as Histogram;
  assert.deepEqual(h, { le: [0.1, 0.5, 1, Infinity], cumulative: [2, 6, 9, 10], count: 10, sum: 5 });
  assert.equal(histogramMean(h), 0.5);
  const q = (x: number): number => histogramQuantile(h, x);
  assert.ok(Math.abs(q(0.5) - 0.4) < 1e-12); // rank 5 in (0.1, 0.5]: 0.1 + 0.4 × 3/4
  assert.ok(Math.abs(q(0.1) - 0.05) < 1e-12); // rank 1 in (0, 0.1]: 0.1 × 1/2
  assert.ok(Math.abs(q(0.9) - 1) < 1e-12); // rank 9 at the top of (0.5, 1]
  assert.equal(q(0.95), 1); // +Inf bucket: the largest finite bound
  assert.equal(q(-1), -Infinity);
  assert.equal(q(2), Infinity);
  assert.equal(readHistogram(parseExposition(text), 'other'), undefined);
  const d = histogramDelta({ le: [0.1, 0.5, 1, Infinity], cumulative: [1, 1, 2, 2], count: 2, sum: 0.9 }, h);
  assert.deepEqual(d.cumulative, [1, 5, 7, 8]);
  assert.equal(d.count, 8);
  assert.ok(Math.abs(d.sum - 4.1) < 1e-12);
  assert.ok(Number.isNaN(histogramMean({ le: [Infinity], cumulative: [0], count: 0, sum: 0 })));
});

const vllmText = (n: number, ttftSum: number, tpotSum: number | undefined, itlCount: number, itlSum: number, e2eSum: number): string => [
  ...hist('vllm:time_to_first_token_seconds', 'model_name="m",', [0.01, 0.1, 1, Infinity], [0, n, n, n], ttftSum),
  ...(tpotSum !== undefined ? hist('vllm:request_time_per_output_token_seconds', 'model_name="m",', [0.01, 0.1, Infinity], [0, n, n], tpotSum) : []),
  ...hist('vllm:inter_token_latency_seconds', 'model_name="m",', [0.01, 0.1, Infinity], [0, itlCount, itlCount], itlSum),
  ...hist('vllm:e2e_request_latency_seconds', 'model_name="m",', [0.3, 1, Infinity], [0, n, n], e2eSum),
].join('\n');

test('vLLM: a delta between two scrapes counts only the requests in between', () => {
  const before = engineScrapeFrom(parseExposition(vllmText(10, 0.5, 0.2, 100, 2, 5)), 'vllm');
  const after = engineScrapeFrom(parseExposition(vllmText(30, 1.5, 0.8, 400, 8, 15)), 'vllm');
  const v = engineLatencyDelta(before, after);
  assert.equal(v.requests, 20);
  assert.ok(Math.abs((v.ttftMeanMs ?? 0) - 50) < 1e-9); // 1.0 s / 20
  assert.ok(Math.abs((v.tpotMeanMs ?? 0) - 30) < 1e-9); // 0.6 s / 20, per-request histogram
  assert.equal(v.tpotSource, 'vllm:request_time_per_output_token_seconds');
  assert.ok(Math.abs((v.itlMeanMs ?? 0) - 20) < 1e-9); // 6 s / 300 tokens
  assert.ok(Math.abs((v.e2eMeanMs ?? 0) - 500) < 1e-9);
  // an older vLLM without the per-request TPOT histogram: TPOT falls back to the per-token one
  const old = engineLatencyDelta(
    engineScrapeFrom(parseExposition(vllmText(10, 0.5, undefined, 100, 2, 5)), 'vllm'),
    engineScrapeFrom(parseExposition(vllmText(30, 1.5, undefined, 400, 8, 15)), 'vllm'));
  assert.equal(old.tpotSource, 'vllm:inter_token_latency_seconds');
  assert.ok(Math.abs((old.tpotMeanMs ?? 0) - 20) < 1e-9);
});

test('SGLang names, and llama.cpp counters (it has no latency histograms)', () => {
  const sg = (n: number, s: number): string => [
    ...hist('sglang:time_to_first_token_seconds', 'model_name="m",', [0.1, Infinity], [n, n], s),
    ...hist('sglang:inter_token_latency_seconds', 'model_name="m",', [0.1, Infinity], [10 * n, 10 * n], s / 2),
    ...hist('sglang:e2e_request_latency_seconds', 'model_name="m",', [1, Infinity], [n, n], 4 * s),
  ].join('\n');
  const v = engineLatencyDelta(engineScrapeFrom(parseExposition(sg(0, 0)), 'sglang'), engineScrapeFrom(parseExposition(sg(4, 0.2)), 'sglang'));
  assert.equal(v.requests, 4);
  assert.ok(Math.abs((v.ttftMeanMs ?? 0) - 50) < 1e-9);
  assert.ok(Math.abs((v.tpotMeanMs ?? 0) - 2.5) < 1e-9); // 0.1 s / 40 tokens
  assert.equal(v.tpotSource, 'sglang:inter_token_latency_seconds');
  assert.ok(Math.abs((v.e2eMeanMs ?? 0) - 200) < 1e-9);

  const lc = (k: number): string => [
    '# TYPE llamacpp:prompt_tokens_total counter', `llamacpp:prompt_tokens_total ${1000 * k}`,
    `llamacpp:prompt_seconds_total ${0.5 * k}`, `llamacpp:tokens_predicted_total ${500 * k}`,
    `llamacpp:tokens_predicted_seconds_total ${4 * k}`, `llamacpp:n_decode_total ${300 * k}`,
    `llamacpp:requests_processing ${k}`, `llamacpp:prompt_tokens_seconds ${2000}`,
  ].join('\n');
  const l = engineLatencyDelta(engineScrapeFrom(parseExposition(lc(1)), 'llamacpp'), engineScrapeFrom(parseExposition(lc(3)), 'llamacpp'));
  assert.equal(l.ttftMeanMs, undefined);
  assert.ok(Math.abs((l.prefillMsPerToken ?? 0) - 0.5) < 1e-12); // 1 s / 2000 tokens
  assert.ok(Math.abs((l.decodeMsPerToken ?? 0) - 8) < 1e-12); // 8 s / 1000 tokens
  assert.equal(l.values['llamacpp:n_decode_total'], 600);
  assert.equal(l.values['llamacpp:requests_processing'], 3); // a gauge: the value after
});

test('scrapeEngineMetrics over HTTP, and one-line errors for a missing endpoint or server', async (t) => {
  const server = http.createServer((req, res) => {
    if (req.url === '/metrics') {
      res.end(vllmText(2, 0.1, 0.02, 20, 0.2, 1));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const s = await scrapeEngineMetrics(`${base}/v1`, 'vllm');
  assert.equal(s.histograms['vllm:time_to_first_token_seconds'].count, 2);
  const port = await freePort();
  await assert.rejects(scrapeEngineMetrics(`http://127.0.0.1:${port}`, 'vllm'), (e: unknown) => e instanceof ScrapeError && e.message.startsWith(`cannot read http://127.0.0.1:${port}/metrics`));
  const server404 = http.createServer((_q, res) => { res.statusCode = 404; res.end(); });
  await new Promise<void>((r) => server404.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server404.close(() => r())));
  await assert.rejects(scrapeEngineMetrics(`http://127.0.0.1:${(server404.address() as AddressInfo).port}`, 'llamacpp'), /answered HTTP 404 \(start llama-server with --metrics\)/);
});

test('llama.cpp: a real /metrics pair (llama-server d32676d7 --metrics, 8 requests between) gives the engine view', () => {
  const dir = join(__dirname, '..', '..', 'fixtures', 'llamacpp');
  const scrape = (name: string) => engineScrapeFrom(parseExposition(readFileSync(join(dir, name), 'utf8')), 'llamacpp');
  const before = scrape('metrics-before.txt');
  const after = scrape('metrics-after.txt');
  // Every counter and gauge scoot reads is served by that build under the name engine-metrics.ts expects.
  for (const name of ['llamacpp:prompt_tokens_total', 'llamacpp:prompt_seconds_total', 'llamacpp:tokens_predicted_total', 'llamacpp:tokens_predicted_seconds_total',
    'llamacpp:n_decode_total', 'llamacpp:n_busy_slots_per_decode', 'llamacpp:requests_processing', 'llamacpp:requests_deferred', 'llamacpp:n_tokens_max'])
    assert.ok(name in after.values, `${name} is served`);
  const v = engineLatencyDelta(before, after);
  assert.equal(v.values['llamacpp:tokens_predicted_total'], 256); // 8 requests × 32 tokens
  assert.equal(v.values['llamacpp:prompt_tokens_total'], 1585);
  assert.ok(Math.abs((v.decodeMsPerToken ?? 0) - (9.041 / 256) * 1000) < 1e-9);
  assert.ok(Math.abs((v.prefillMsPerToken ?? 0) - (1.115 / 1585) * 1000) < 1e-9);
});
