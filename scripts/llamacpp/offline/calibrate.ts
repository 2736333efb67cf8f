// How closely the llama.cpp mode of the simulator reproduces real measurements, and the fit of its
// costs (src/sim/llamacpp/profiles.ts) to them.
//
//   npx tsx scripts/llamacpp/offline/calibrate.ts            # errors of the committed profiles
//   npx tsx scripts/llamacpp/offline/calibrate.ts --fit      # refit (Nelder–Mead on log costs) and print
//
// Two data sets: the H200 run of 2026-12-04 (llama.cpp d32676d7, the chat trace, 38 single-GPU trials;
// docs/results/llamacpp-h200/results.json) and the earlier measured grid (test/fixtures/llamacpp/
// h200-grid.jsonl: an older build, ~260-token prompts and 128 output tokens, 114 requests at 10 req/s),
// each with its own profile: same model of the server, its own costs. Errors are on the noise-free
// simulation (run speed 1) against each measurement; ranks compare configurations (repeats averaged).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { nelderMead } from './nelder-mead.js';
import { mean, median } from '../../../src/core/stats.js';
import { evaluateLlamaCpp } from '../../../src/sim/llamacpp/evaluate.js';
import type { LlamaCppProfile } from '../../../src/sim/llamacpp/profile.js';
import { H200_D32676D7, H200_GRID_BUILD } from '../../../src/sim/llamacpp/profiles.js';
import { buildSchedule } from '../../../src/workload/arrivals.js';
import { h200Trials, type MeasuredTrial } from './measured.js';
import { arrivalsFor, chatWorkload, H200_WORKLOAD, type Arrivals } from './workload.js';

export interface CalibrationCase {
  label: string;
  params: Readonly<Record<string, string | number | boolean>>;
  arrivals: Arrivals;
  requestTimeoutSec: number;
  measured: { ttft: number; tpot: number; throughput: number; errorRate: number };
  /** Cases the fit and the error figures leave out (a server that died under load: not modelled). */
  excluded?: string;
}

export interface CaseResult {
  c: CalibrationCase;
  sim: { ttft: number; tpot: number; throughput: number; errorRate: number };
}

const METRICS = ['ttft', 'tpot', 'throughput'] as const;
type Metric = (typeof METRICS)[number];

export function simulateCases(profile: LlamaCppProfile, cases: readonly CalibrationCase[]): CaseResult[] {
  return cases.map((c) => {
    const r = evaluateLlamaCpp(c.params, c.arrivals.requests, c.arrivals.times, profile, { requestTimeoutSec: c.requestTimeoutSec, noiseSeed: 0, speed: 1 });
    return { c, sim: { ttft: r.metrics.ttft_mean, tpot: r.metrics.tpot_mean, throughput: r.metrics.request_throughput, errorRate: r.metrics.error_rate } };
  });
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1].v === order[k].v) j++;
    for (let m = k; m <= j; m++) r[order[m].i] = (k + j) / 2;
    k = j + 1;
  }
  return r;
}

/** Spearman's rank correlation. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0, da = 0, db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

export interface CalibrationSummary {
  cases: number;
  /** Median over cases of |sim − measured| / measured, per metric. */
  medianRelativeError: Record<Metric, number>;
  /** Spearman correlation of sim and measurement over distinct configurations (repeats averaged). */
  rankCorrelation: Record<Metric, number>;
  configurations: number;
  /** Cases where the sim and the measurement disagree on feasibility (error rate above 5%). */
  feasibilityMismatches: number;
}

export function summarise(results: readonly CaseResult[]): CalibrationSummary {
  const used = results.filter((r) => !r.c.excluded);
  const rel = (m: Metric) => median(used.map((r) => Math.abs(r.sim[m] - r.c.measured[m]) / r.c.measured[m]));
  const byConfig = new Map<string, CaseResult[]>();
  for (const r of used) {
    const key = JSON.stringify(Object.entries(r.c.params).sort());
    byConfig.set(key, [...(byConfig.get(key) ?? []), r]);
  }
  const groups = [...byConfig.values()];
  const avg = (g: CaseResult[], f: (r: CaseResult) => number) => g.reduce((s, r) => s + f(r), 0) / g.length;
  const corr = (m: Metric) => spearman(groups.map((g) => avg(g, (r) => r.c.measured[m])), groups.map((g) => avg(g, (r) => r.sim[m])));
  return {
    cases: used.length,
    medianRelativeError: { ttft: rel('ttft'), tpot: rel('tpot'), throughput: rel('throughput') },
    rankCorrelation: { ttft: corr('ttft'), tpot: corr('tpot'), throughput: corr('throughput') },
    configurations: groups.length,
    feasibilityMismatches: results.filter((r) => (r.sim.errorRate > 0.05) !== (r.c.measured.errorRate > 0.05)).length,
  };
}

/** The fitted costs, in log space. */
const FITTED: readonly (keyof LlamaCppProfile)[] = ['iterationOverhead', 'ubatchOverhead', 'perToken', 'perSequence', 'attentionPerCell', 'attentionPerCellNoFlash', 'unifiedAttentionFactor'];

export function fitProfile(start: LlamaCppProfile, cases: readonly CalibrationCase[], maxIterations = 600, held: readonly (keyof LlamaCppProfile)[] = []): LlamaCppProfile {
  const used = cases.filter((c) => !c.excluded);
  const fitted = FITTED.filter((k) => !held.includes(k));
  const make = (x: readonly number[]): LlamaCppProfile => {
    const p = { ...start };
    fitted.forEach((k, i) => ((p[k] as number) = Math.exp(x[i])));
    return p;
  };
  const loss = (x: readonly number[]) => {
    let sum = 0;
    for (const r of simulateCases(make(x), used)) {
      for (const m of METRICS) {
        const e = Math.log(r.sim[m] / r.c.measured[m]);
        sum += Number.isFinite(e) ? e * e : 100;
      }
    }
    return sum;
  };
  const x0 = fitted.map((k) => Math.log(start[k] as number));
  return make(nelderMead(loss, x0, { maxIterations, step: 0.3 }).x);
}

export async function h200Cases(root: string): Promise<CalibrationCase[]> {
  const w = await chatWorkload(root);
  const trials: MeasuredTrial[] = h200Trials(join(root, 'docs/results/llamacpp-h200/results.json'));
  const bySeed = new Map<number, Arrivals>();
  return trials.map((t) => {
    if (!bySeed.has(t.seed)) bySeed.set(t.seed, arrivalsFor(w, t.seed));
    return {
      label: `${t.study} ${t.trial} (seed ${t.seed})`,
      params: t.params,
      arrivals: bySeed.get(t.seed) as Arrivals,
      requestTimeoutSec: H200_WORKLOAD.requestTimeoutSec,
      measured: { ttft: t.ttft, tpot: t.tpot, throughput: t.throughput, errorRate: t.errorRate },
    };
  });
}

interface GridRow {
  np: number;
  fa: number;
  ub: number;
  b: number;
  ctx: number;
  aliveAfter: number;
  res: { ok: number; fail: number; req_s: number; ttft_mean: number; tpot_mean: number };
}

/** The grid's workload as test/fixtures/llamacpp/README.md describes it: ~260-token prompts, 128 output tokens, 10 req/s Poisson (114 requests). */
export function gridCases(root: string): CalibrationCase[] {
  const rows = readFileSync(join(root, 'test/fixtures/llamacpp/h200-grid.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GridRow);
  const count = 114;
  const pool = [{ promptTokens: 260, outputTokens: 128 }];
  const schedule = buildSchedule({ requests: pool, rate: 10, count, arrival: 'poisson', seed: 0 });
  // Grid prompts are counted in llama.cpp tokens already: the grid profile's token ratio is 1.
  const arrivals: Arrivals = { requests: schedule.map(() => ({ ...pool[0] })), times: schedule.map((s) => s.time) };
  return rows.map((r) => ({
    label: `np ${r.np} fa ${r.fa} ub ${r.ub} b ${r.b} ctx ${r.ctx}`,
    params: { parallel: r.np, 'ctx-size': r.ctx, 'batch-size': r.b, 'ubatch-size': r.ub, 'flash-attn': r.fa ? 'on' : 'off', 'cont-batching': true },
    arrivals,
    requestTimeoutSec: 60,
    measured: { ttft: r.res.ttft_mean * 1000, tpot: r.res.tpot_mean * 1000, throughput: r.res.req_s, errorRate: r.res.fail / (r.res.ok + r.res.fail) },
    ...(r.aliveAfter ? {} : { excluded: 'the server died under load (a crash the model does not reproduce)' }),
  }));
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function renderSummary(name: string, s: CalibrationSummary): string {
  return `${name}: ${s.cases} trials, ${s.configurations} configurations — median relative error TTFT ${pct(s.medianRelativeError.ttft)}, TPOT ${pct(s.medianRelativeError.tpot)}, throughput ${pct(s.medianRelativeError.throughput)}; rank correlation (Spearman) TTFT ${s.rankCorrelation.ttft.toFixed(2)}, TPOT ${s.rankCorrelation.tpot.toFixed(2)}, throughput ${s.rankCorrelation.throughput.toFixed(2)}; feasibility disagrees on ${s.feasibilityMismatches}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fit: { type: 'boolean' }, verbose: { type: 'boolean' }, iterations: { type: 'string' }, hold: { type: 'string', multiple: true } } });
  // --hold name=value: keep a cost at a value measured elsewhere (e.g. prompt tokens from the engine logs).
  const held = (values.hold ?? []).map((h) => h.split('=') as [keyof LlamaCppProfile, string]);
  const root = resolve(__dirname, '../../..');
  const sets: { name: string; profile: LlamaCppProfile; cases: CalibrationCase[] }[] = [
    { name: 'H200, llama.cpp d32676d7, chat trace', profile: H200_D32676D7, cases: await h200Cases(root) },
    { name: 'H200 grid (older build, 260/128-token requests)', profile: H200_GRID_BUILD, cases: gridCases(root) },
  ];
  for (const set of sets) {
    const start = { ...set.profile, ...Object.fromEntries(held.map(([k, v]) => [k, Number(v)])) };
    const profile = values.fit ? fitProfile(start, set.cases, Number(values.iterations ?? 600), held.map(([k]) => k)) : start;
    const results = simulateCases(profile, set.cases);
    if (values.fit) process.stdout.write(`${set.name} fitted: ${JSON.stringify(Object.fromEntries(FITTED.map((k) => [k, Number((profile[k] as number).toPrecision(4))])))}\n`);
    if (values.verbose) {
      for (const r of results) {
        const f = (m: Metric) => `${m} ${r.c.measured[m].toPrecision(3)}/${r.sim[m].toPrecision(3)}`;
        process.stdout.write(`  ${r.c.label.padEnd(28)} ${JSON.stringify(r.c.params).slice(0, 100).padEnd(100)} ${METRICS.map(f).join('  ')}  err ${r.c.measured.errorRate.toFixed(2)}/${r.sim.errorRate.toFixed(2)}${r.c.excluded ? ' (excluded)' : ''}\n`);
      }
    }
    process.stdout.write(`${renderSummary(set.name, summarise(results))}\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}


