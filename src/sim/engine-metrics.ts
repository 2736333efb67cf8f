// The vLLM Prometheus metrics the server exposes at /metrics: names, help texts and histogram
// buckets as in vLLM's `vllm/engine/metrics.py`. Latencies are observed in engine time (arrival
// at the engine to token emission), as vLLM does. inter_token_latency_seconds is the newer name of
// the same per-token gaps that time_per_output_token_seconds records.

import type { Engine } from './engine.js';
import { Counter, Gauge, Histogram, Registry } from './prometheus.js';
import type { Seq } from './sequence.js';

const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
const TPOT_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
const E2E_BUCKETS = [1.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0];
const TOKEN_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

export class EngineMetrics {
  readonly registry = new Registry();
  private readonly promptTokens: Counter;
  private readonly generationTokens: Counter;
  private readonly success: Counter;
  private readonly preemptions: Counter;
  private readonly ttft: Histogram;
  private readonly tpot: Histogram;
  private readonly itl: Histogram;
  private readonly e2e: Histogram;
  private readonly promptHist: Histogram;
  private readonly generationHist: Histogram;
  private lastPreemptions = 0;
  private lastPromptTokens = 0;

  constructor(private readonly engine: Engine, modelName: string) {
    const l = { model_name: modelName };
    const reg = this.registry;
    const sum = (f: (r: Engine['replicas'][number]) => number) => () => engine.replicas.reduce((a, r) => a + f(r), 0);
    reg.add(new Gauge('vllm:num_requests_running', 'Number of requests currently running on GPU.', l, sum((r) => r.running)));
    reg.add(new Gauge('vllm:num_requests_swapped', 'Number of requests swapped to CPU.', l, () => 0));
    reg.add(new Gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.', l, sum((r) => r.waiting)));
    reg.add(new Gauge('vllm:gpu_cache_usage_perc', 'GPU KV-cache usage. 1 means 100 percent usage.', l,
      () => engine.replicas.reduce((a, r) => a + r.bm.usage, 0) / Math.max(1, engine.replicas.length)));
    reg.add(new Gauge('vllm:cpu_cache_usage_perc', 'CPU KV-cache usage. 1 means 100 percent usage.', l, () => 0));
    this.preemptions = reg.add(new Counter('vllm:num_preemptions_total', 'Cumulative number of preemption from the engine.', l));
    this.promptTokens = reg.add(new Counter('vllm:prompt_tokens_total', 'Number of prefill tokens processed.', l));
    this.generationTokens = reg.add(new Counter('vllm:generation_tokens_total', 'Number of generation tokens processed.', l));
    this.success = reg.add(new Counter('vllm:request_success_total', 'Count of successfully processed requests.', l));
    this.ttft = reg.add(new Histogram('vllm:time_to_first_token_seconds', 'Histogram of time to first token in seconds.', l, TTFT_BUCKETS));
    this.tpot = reg.add(new Histogram('vllm:time_per_output_token_seconds', 'Histogram of time per output token in seconds.', l, TPOT_BUCKETS));
    this.itl = reg.add(new Histogram('vllm:inter_token_latency_seconds', 'Histogram of inter-token latency in seconds.', l, TPOT_BUCKETS));
    this.e2e = reg.add(new Histogram('vllm:e2e_request_latency_seconds', 'Histogram of end to end request latency in seconds.', l, E2E_BUCKETS));
    this.promptHist = reg.add(new Histogram('vllm:request_prompt_tokens', 'Number of prefill tokens processed.', l, TOKEN_BUCKETS));
    this.generationHist = reg.add(new Histogram('vllm:request_generation_tokens', 'Number of generation tokens processed.', l, TOKEN_BUCKETS));
  }

  /** Call before emitting the token: `previous` is the sequence's previous token time (or −1). */
  onToken(seq: Seq, t: number, previous: number): void {
    this.generationTokens.inc();
    if (previous < 0) this.ttft.observe(t - seq.arrival);
    else {
      this.tpot.observe(t - previous);
      this.itl.observe(t - previous);
    }
  }

  onFinished(seq: Seq, t: number): void {
    if (seq.state !== 'finished') return;
    this.success.inc(1, { finished_reason: seq.finishReason ?? 'length' });
    this.e2e.observe(t - seq.arrival);
    this.promptHist.observe(seq.prompt.length);
    this.generationHist.observe(seq.generated);
  }

  render(): string {
    const total = this.engine.replicas.reduce((a, r) => a + r.stats.preemptions, 0);
    if (total > this.lastPreemptions) this.preemptions.inc(total - this.lastPreemptions);
    this.lastPreemptions = total;
    const prompt = this.engine.replicas.reduce((a, r) => a + r.stats.promptTokens, 0);
    if (prompt > this.lastPromptTokens) this.promptTokens.inc(prompt - this.lastPromptTokens);
    this.lastPromptTokens = prompt;
    return this.registry.render();
  }
}
