// `scoot sim serve [flags]`: the simulated engine as a real server process. Behaves like
// `vllm serve`: argparse errors exit 2, start-up errors exit 1 after the engine's logs, the port
// opens only once the (simulated) model is loaded, a crash under load exits 1, SIGTERM/SIGINT
// shut down gracefully with status 0.

import type { Writable } from 'node:stream';
import { Engine, type EngineListener, type RuntimeFailure } from './engine.js';
import { EngineLog } from './engine-log.js';
import { EngineMetrics } from './engine-metrics.js';
import { defaultStartupSeconds, planEngine, type EnginePlan, type StartupFailure } from './engine-plan.js';
import { parseSimArgs, SimArgError, SIM_FLAGS, type SimConfig } from './flags.js';
import { SimHttpServer, SIM_VLLM_VERSION } from './http-server.js';
import { GiB, inferModelProfile, MODEL_PROFILES } from './profiles.js';
import { RealtimeDriver } from './realtime-driver.js';

export interface SimServeOptions {
  stdout?: Writable;
  stderr?: Writable;
  /** Called with the bound port once the server listens. */
  onListening?: (port: number) => void;
  /** Aborting it shuts the server down gracefully, like SIGTERM (for in-process use). */
  signal?: AbortSignal;
}

const PROG = 'scoot sim serve';
const STATS_INTERVAL_SECONDS = 5;

function usageLine(): string {
  const flags = SIM_FLAGS.map((f) => (f.kind === 'bool' ? `[--${f.name}]` : `[--${f.name} ${f.name.replace(/-/g, '_').toUpperCase()}]`));
  return `usage: ${PROG} [-h] ${flags.join(' ')} [model]`;
}

/** Resolves after `seconds`, or early (false) when `stop` fires. */
function sleep(seconds: number, stop: Promise<void>): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(true), seconds * 1000);
    void stop.then(() => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

function describeConfig(cfg: SimConfig, plan: EnginePlan | undefined): string {
  const m = plan?.servedModelName ?? cfg.model ?? '?';
  return `model='${m}', tokenizer='${m}', dtype=torch.float16, max_seq_len=${plan?.maxModelLen ?? cfg.maxModelLen ?? '?'}, ` +
    `tensor_parallel_size=${cfg.tensorParallelSize}, disable_custom_all_reduce=${cfg.disableCustomAllReduce ? 'True' : 'False'}, ` +
    `enforce_eager=${cfg.enforceEager ? 'True' : 'False'}, kv_cache_dtype=auto, enable_prefix_caching=${cfg.enablePrefixCaching ? 'True' : 'False'}, ` +
    `device_config=cuda, seed=${cfg.seed}, served_model_name=${m}`;
}

function failStartup(log: EngineLog, f: StartupFailure): number {
  const frames: Record<StartupFailure['stage'], string[]> = {
    config: ['vllm/entrypoints/openai/api_server.py", line 168, in <module>', 'vllm/engine/arg_utils.py", line 559, in create_engine_config'],
    load: ['vllm/worker/worker.py", line 118, in load_model', 'vllm/model_executor/model_loader/loader.py", line 222, in load_model'],
    profile: ['vllm/engine/llm_engine.py", line 312, in _initialize_kv_caches', 'vllm/worker/worker.py", line 364, in raise_if_cache_size_invalid'],
    'cuda-graph': ['vllm/worker/model_runner.py", line 896, in capture_model', 'vllm/worker/model_runner.py", line 1085, in capture'],
  };
  log.traceback(frames[f.stage], f.message);
  return 1;
}

export async function simServe(argv: string[], options: SimServeOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const log = new EngineLog(stdout, stderr);

  let cfg: SimConfig;
  try {
    cfg = parseSimArgs(argv);
  } catch (e) {
    if (e instanceof SimArgError) {
      stderr.write(`${usageLine()}\n${PROG}: error: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }

  let resolveStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((r) => (resolveStop = r));
  const onSignal = () => resolveStop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  options.signal?.addEventListener('abort', onSignal, { once: true });
  if (options.signal?.aborted) resolveStop();
  const cleanup = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    options.signal?.removeEventListener('abort', onSignal);
  };

  try {
    log.info('api_server.py:151', `vLLM API server version ${SIM_VLLM_VERSION} (SCOOT simulated engine)`);
    log.info('api_server.py:152', `args: ${JSON.stringify({ ...cfg, ignoredFlags: undefined })}`);
    const planned = planEngine(cfg);
    log.info('llm_engine.py:100', `Initializing an LLM engine (v${SIM_VLLM_VERSION}) with config: ${describeConfig(cfg, planned.ok ? planned.plan : undefined)}`);
    if (!planned.ok) {
      const f = planned.failure;
      // Memory failures surface only after the weights were (partly) loaded or profiled.
      const model = MODEL_PROFILES[cfg.modelProfile ?? (cfg.model ? inferModelProfile(cfg.model) : undefined) ?? 'llama2-7b'];
      const wait = f.stage === 'config' ? 0 : (cfg.startupSeconds ?? defaultStartupSeconds(model, false)) * (f.stage === 'load' ? 0.4 : 0.8);
      if (!(await sleep(wait, stopRequested))) return 0;
      return failStartup(log, f);
    }
    const plan = planned.plan;
    const startup = plan.startupSeconds;
    log.info('selector.py:37', `Using FlashAttention-2 backend on ${plan.gpu.label}.`);
    if (!(await sleep(startup * 0.6, stopRequested))) return 0;
    log.info('model_runner.py:175', `Loading model weights took ${(plan.memory.weightBytes / GiB).toFixed(4)} GB`);
    for (const note of plan.notes) {
      if (note.startsWith('WARNING')) log.warn('config.py:1011', note.replace(/^WARNING: /, ''));
      else log.info('config.py:1011', note);
    }
    if (!(await sleep(startup * 0.15, stopRequested))) return 0;
    const cpuBlocks = Math.floor((cfg.swapSpace * GiB) / (plan.memory.kvBytesPerToken * plan.blockSize));
    log.info('gpu_executor.py:114', `# GPU blocks: ${plan.memory.numBlocks}, # CPU blocks: ${cpuBlocks}`);
    if (plan.replicas > 1) log.info('gpu_executor.py:115', `(per replica; ${plan.replicas} data-parallel replicas)`);
    if (plan.numGraphSizes > 0) {
      log.info('model_runner.py:878', 'Capturing the model for CUDA graphs. This may lead to unexpected consequences if the model is not static. To run the model in eager mode, set \'enforce_eager=True\' or use \'--enforce-eager\' in the CLI.');
      log.info('model_runner.py:882', 'CUDA graphs can take additional 1~3 GiB memory per GPU. If you are running out of memory, consider decreasing `gpu_memory_utilization` or enforcing eager mode. You can also reduce the `max_num_seqs` as needed to decrease memory usage.');
    }
    if (!(await sleep(startup * 0.25, stopRequested))) return 0;
    if (plan.numGraphSizes > 0) log.info('model_runner.py:954', `Graph capturing finished in ${Math.max(1, Math.round(startup * 0.25))} secs.`);

    return await serve(plan, cfg, log, stopRequested, options);
  } finally {
    cleanup();
  }
}

async function serve(plan: EnginePlan, cfg: SimConfig, log: EngineLog, stopRequested: Promise<void>, options: SimServeOptions): Promise<number> {
  const http = new SimHttpServer(plan, log, cfg.seed);
  const listener: EngineListener = { onToken: (s, t, p) => http.onToken(s, t, p), onDone: (s, t) => http.onDone(s, t) };
  const engine = new Engine(plan, cfg.seed, listener);
  let resolveCrash: (code: number) => void = () => undefined;
  const crashed = new Promise<number>((r) => (resolveCrash = r));
  const driver = new RealtimeDriver(engine, (f: RuntimeFailure) => {
    if (f.reason === 'hang') {
      http.hung = true;
      return;
    }
    log.error('async_llm_engine.py:43', 'Engine background task failed');
    log.traceback(['vllm/engine/async_llm_engine.py", line 38, in _raise_exception_on_finish', 'vllm/worker/model_runner.py", line 1450, in execute_model'], f.message);
    resolveCrash(1);
  });
  const metrics = new EngineMetrics(engine, plan.servedModelName);
  http.attach(driver, metrics);

  let port: number;
  try {
    port = await http.listen(cfg.host, cfg.port);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    log.error('api_server.py:180', `[Errno ${code === 'EADDRINUSE' ? 98 : 99}] error while attempting to bind on address ('${cfg.host}', ${cfg.port}): ${code === 'EADDRINUSE' ? 'address already in use' : String((e as Error).message)}`);
    driver.stop();
    return 1;
  }
  log.uvicorn(`Started server process [${process.pid}]`);
  log.uvicorn('Waiting for application startup.');
  log.uvicorn('Application startup complete.');
  log.uvicorn(`Uvicorn running on http://${cfg.host}:${port} (Press CTRL+C to quit)`);
  options.onListening?.(port);

  const stats = startStatsLog(engine, log, driver);
  const code = await Promise.race([stopRequested.then(() => 0), crashed]);
  clearInterval(stats);
  driver.stop();
  if (code === 0) log.uvicorn('Shutting down');
  await http.close();
  if (code === 0) log.uvicorn(`Finished server process [${process.pid}]`);
  return code;
}

function startStatsLog(engine: Engine, log: EngineLog, driver: RealtimeDriver): NodeJS.Timeout {
  let lastPrompt = 0;
  let lastGen = 0;
  let lastTime = driver.now();
  return setInterval(() => {
    if (engine.failure) return;
    let prompt = 0;
    let gen = 0;
    let running = 0;
    let waiting = 0;
    let usage = 0;
    for (const r of engine.replicas) {
      prompt += r.stats.promptTokens;
      gen += r.stats.generationTokens;
      running += r.running;
      waiting += r.waiting;
      usage += r.bm.usage;
    }
    const now = driver.now();
    const dt = Math.max(1e-9, now - lastTime);
    if (prompt === lastPrompt && gen === lastGen && running === 0 && waiting === 0) {
      lastTime = now;
      return;
    }
    log.info('metrics.py:334', `Avg prompt throughput: ${((prompt - lastPrompt) / dt).toFixed(1)} tokens/s, ` +
      `Avg generation throughput: ${((gen - lastGen) / dt).toFixed(1)} tokens/s, Running: ${running} reqs, Swapped: 0 reqs, ` +
      `Pending: ${waiting} reqs, GPU KV cache usage: ${((usage / engine.replicas.length) * 100).toFixed(1)}%, CPU KV cache usage: 0.0%`);
    lastPrompt = prompt;
    lastGen = gen;
    lastTime = now;
  }, STATS_INTERVAL_SECONDS * 1000);
}
