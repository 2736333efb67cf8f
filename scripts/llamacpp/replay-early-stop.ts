// What the trial-level early stop (issue 15) would have saved on the H200 llama.cpp run of 2026-12-04,
// which ran before the stop existed. Per recorded trial: the per-request timeline is rebuilt from
// llama-server's own log and the study's arrival schedule (engine-log-timeline.ts), checked against the
// metrics the client recorded, and the runner's EarlyStopPolicy (default settings) is replayed over it
// with the study's Pareto set as it stood before the trial (early-stop-replay.ts, built by the study
// loop's own earlyStopFront, with each trial's load rates from the runner's own loadRates over the rebuilt
// load), once with the default settings and once with the saturation rule off. The base-command default (trial 0) is never stopped,
// as trialEarlyStop decides. Every figure is replayed, not measured.
//
//   npx tsx scripts/llamacpp/replay-early-stop.ts [STUDIES]   (default docs/results/llamacpp-h200/raw/studies.tar.xz)
//
// STUDIES is the tarball or an unpacked folder holding studies/<name>/{config.json,observations.jsonl,logs/N.log}.
// The trace is the bundled traces/chat.jsonl the run used; engine and model paths are not used.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSchedule, computeMetrics, EARLY_STOP_DEFAULTS, keptUp, loadRates, type EarlyStopSettings, type ScheduledRequest } from '../../src/workload/index.js';
import type { LoadRates } from '../../src/protocol/study.js';
import { EARLY_STOP_CHECK_MS } from '../../src/workload/guarded-load.js';
import { median } from '../../src/core/stats.js';
import type { TrialRecord } from '../../src/protocol/study.js';
import type { ScootConfig } from '../../src/study/config.js';
import { resolveStudy } from '../../src/study/resolve.js';
import { trialEarlyStop } from '../../src/runner/server-trial.js';
import { parseEngineLog, rebuildTimeline } from './engine-log-timeline.js';
import { engineSeconds, frontBefore, replayPolicy, savedByStop, studyOutcome } from './early-stop-replay.js';

const LABEL = 'replayed from the recorded H200 run, not measured live';
/** Above this median relative error of the rebuilt mean TTFT or TPOT, the timeline is not trusted with a saving. */
const MAX_MEDIAN_ERROR = 0.15;

interface Scenario {
  name: string;
  settings: EarlyStopSettings;
}

/** The defaults, and the defaults without the saturation rule (armed only by a trial of the front that kept up with the load). */
const SCENARIOS: Scenario[] = [
  { name: 'defaults', settings: { ...EARLY_STOP_DEFAULTS } },
  { name: 'defaults, saturation off', settings: { ...EARLY_STOP_DEFAULTS, saturation: false } },
];

interface Stop {
  atSeconds: number;
  rule: string;
  reason: string;
  savedSec: number;
  policyEstimateSec: number;
}

interface TrialRow {
  study: string;
  trial: number;
  source: string;
  parallel: string;
  errTtft: number;
  errTpot: number;
  errCount: number;
  tokenMismatches: number;
  recordedSec: number;
  /** Its load's arrival and completion rates, as the runner records them for a load run to its end. */
  rates?: LoadRates;
  /** Per scenario, the stop if any. */
  stops: (Stop | undefined)[];
}

interface Outcome {
  pareto: number[];
  best?: number;
}

const rel = (x: number, truth: number): number => Math.abs(x - truth) / Math.abs(truth);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function unpack(source: string): { dir: string; cleanup: () => void } {
  if (statSync(source).isDirectory()) return { dir: source, cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'scoot-replay-'));
  execFileSync('tar', ['-xJf', source, '-C', dir]);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function replayStudy(root: string, studyDir: string, name: string): Promise<{ rows: TrialRow[]; recorded: Outcome; replayed: Outcome[] }> {
  const config = JSON.parse(readFileSync(join(studyDir, 'config.json'), 'utf8')) as ScootConfig;
  const resolved = await resolveStudy({ ...config, workload: { ...config.workload, trace: join(root, 'traces/chat.jsonl') } }, join(root, 'scoot.config.json'));
  const workload = resolved.setup.workload;
  const records = readFileSync(join(studyDir, 'observations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TrialRecord);
  const recordedSummary = JSON.parse(readFileSync(join(studyDir, 'summary.json'), 'utf8')) as { pareto: { trial: number }[]; best?: { trial: number } };
  const recorded = { pareto: recordedSummary.pareto.map((p) => p.trial), ...(recordedSummary.best ? { best: recordedSummary.best.trial } : {}) };
  const rows: TrialRow[] = [];
  const replayedRecords: TrialRecord[][] = SCENARIOS.map(() => []);
  for (const r of records) {
    const schedule: ScheduledRequest[] = buildSchedule({
      requests: workload.requests, rate: workload.rate, durationSec: workload.durationSec, count: workload.count,
      arrival: workload.arrival, burstiness: workload.burstiness, seed: r.arrivalSeed ?? workload.seed,
    });
    const log = readFileSync(join(studyDir, 'logs', `${r.trial}.log`), 'utf8');
    const timeline = rebuildTimeline(parseEngineLog(log), schedule, workload.warmupRequests, workload.requestTimeoutSec * 1000);
    const m = computeMetrics(timeline.records);
    const recordedOk = Math.round(schedule.length * (1 - (r.metrics?.error_rate ?? 0)));
    // The run predates the record's load rates: the runner's own function over the rebuilt load gives them.
    const rates = r.loadRates ?? loadRates(timeline.records);
    const rebuiltOk = timeline.records.filter((x) => x.ok).length;
    const stops = SCENARIOS.map((scenario, k): Stop | undefined => {
      const front = frontBefore(replayedRecords[k], resolved.objectives, resolved.budget);
      const context = trialEarlyStop({ ...workload, earlyStop: scenario.settings }, { source: r.source, ...(front ? { front } : {}) }, resolved.preset.baseline);
      const stop = r.metrics ? replayPolicy(timeline.records, schedule, context) : undefined;
      // A stopped trial holds bounds, not measurements: the study loop leaves it out of the front from then on.
      // A load run to its end records its rates, which arm the saturation rule once a trial of the front kept up.
      replayedRecords[k].push(stop ? { ...r, earlyStop: { rule: stop.rule, reason: stop.reason, atSeconds: stop.atSeconds, savedSeconds: stop.savedSeconds, censored: [], evidence: {} } }
        : { ...r, ...(rates ? { loadRates: rates } : {}) });
      return stop && { atSeconds: stop.atSeconds, rule: stop.rule, reason: stop.reason, savedSec: savedByStop(r, stop.atSeconds), policyEstimateSec: stop.savedSeconds };
    });
    rows.push({
      study: name, trial: r.trial, source: r.source, parallel: String(r.params.parallel ?? 'default'),
      errTtft: rel(m.ttft_mean, r.metrics?.ttft_mean ?? NaN), errTpot: rel(m.tpot_mean, r.metrics?.tpot_mean ?? NaN), errCount: rel(rebuiltOk, recordedOk),
      tokenMismatches: timeline.tokenMismatches, recordedSec: engineSeconds(r), ...(rates ? { rates } : {}), stops,
    });
  }
  return { rows, recorded, replayed: replayedRecords.map((rs) => studyOutcome(rs, resolved.objectives, resolved.budget)) };
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const source = process.argv[2] ?? join(root, 'docs/results/llamacpp-h200/raw/studies.tar.xz');
  if (!existsSync(source)) {
    process.stderr.write(`replay-early-stop: ${source} not found: give the studies tarball or its unpacked folder\n`);
    process.exit(2);
  }
  const { dir, cleanup } = unpack(source);
  try {
    const studiesDir = existsSync(join(dir, 'studies')) ? join(dir, 'studies') : dir;
    const names = readdirSync(studiesDir).filter((n) => existsSync(join(studiesDir, n, 'observations.jsonl'))).sort().reverse();
    const out = (s: string): boolean => process.stdout.write(s + '\n');
    out(`Trial-level early stop (checks every ${EARLY_STOP_CHECK_MS} ms, the runner's LoadTracker and EarlyStopPolicy) ${LABEL}.`);
    out('');
    const stopCols = SCENARIOS.map((sc) => `stop (${sc.name}): at s of load, rule, saved s`);
    out(`| study | trial | source | parallel | TTFT err | TPOT err | count err | engine s recorded | req/s completed of arriving | ${stopCols.join(' | ')} |`);
    out(`|---|---|---|---|---|---|---|---|---|${SCENARIOS.map(() => '---').join('|')}|`);
    const all: TrialRow[] = [];
    const outcomes: { name: string; recorded: Outcome; replayed: Outcome[] }[] = [];
    for (const name of names) {
      const { rows, recorded, replayed } = await replayStudy(root, join(studiesDir, name), name);
      for (const r of rows) {
        const stops = r.stops.map((s) => (s ? `${s.atSeconds.toFixed(2)}, ${s.rule}, ${s.savedSec.toFixed(1)}` : '—'));
        const served = r.rates ? `${r.rates.completionPerSec.toFixed(1)} of ${r.rates.arrivalPerSec.toFixed(1)}${keptUp(r.rates, EARLY_STOP_DEFAULTS.margin) ? ' (kept up)' : ''}` : '—';
        out(`| ${r.study} | ${r.trial} | ${r.source} | ${r.parallel} | ${pct(r.errTtft)} | ${pct(r.errTpot)} | ${pct(r.errCount)} | ${r.recordedSec.toFixed(1)} | ${served} | ${stops.join(' | ')} |`);
      }
      all.push(...rows);
      outcomes.push({ name, recorded, replayed });
    }
    out('');
    const medTtft = median(all.map((r) => r.errTtft));
    const medTpot = median(all.map((r) => r.errTpot));
    const medCount = median(all.map((r) => r.errCount));
    const mismatched = all.filter((r) => r.tokenMismatches > 0).length;
    out(`Rebuilt vs recorded, median relative error over ${all.length} trials: mean TTFT ${pct(medTtft)}, mean TPOT ${pct(medTpot)}, successful requests ${pct(medCount)} ` +
      `(max ${pct(Math.max(...all.map((r) => r.errTtft)))}, ${pct(Math.max(...all.map((r) => r.errTpot)))}, ${pct(Math.max(...all.map((r) => r.errCount)))}); ` +
      `trials with a request whose generated-token count differs from the schedule's (task-to-request mapping off): ${mismatched}.`);
    const kept = all.filter((r) => keptUp(r.rates, EARLY_STOP_DEFAULTS.margin));
    out(`Trials whose load kept up (completed at least ${pct(1 - EARLY_STOP_DEFAULTS.margin)} of the arrival rate over the second half of the load, ` +
      `the condition that arms the saturation rule once such a trial is on the front): ${kept.length} of ${all.length}${kept.length > 0 ? ` (${kept.map((r) => `${r.study} ${r.trial}`).join(', ')})` : ''}.`);
    if (!(medTtft <= MAX_MEDIAN_ERROR && medTpot <= MAX_MEDIAN_ERROR && medCount <= MAX_MEDIAN_ERROR)) {
      out(`The rebuilt timelines are too far from what the client recorded (median error above ${pct(MAX_MEDIAN_ERROR)}): no saving is claimed.`);
      process.exitCode = 1;
      return;
    }
    SCENARIOS.forEach((sc, k) => {
      out('');
      out(`Early stop with ${sc.name}:`);
      const stopped = all.filter((r) => r.stops[k]);
      const first = new Map<string, TrialRow>();
      for (const r of stopped) if (!first.has(r.stops[k]?.rule ?? '')) first.set(r.stops[k]?.rule ?? '', r);
      for (const r of first.values()) out(`- e.g. ${r.study} trial ${r.trial}: ${r.stops[k]?.reason} (the policy's own estimate of the saving ${r.stops[k]?.policyEstimateSec.toFixed(1)} s)`);
      out('');
      out('| study | engine s recorded | with early stop | saved | trials stopped (of) | by rule |');
      out('|---|---|---|---|---|---|');
      const totals = (rows: TrialRow[], label: string): void => {
        const recorded = rows.reduce((a, r) => a + r.recordedSec, 0);
        const saved = rows.reduce((a, r) => a + (r.stops[k]?.savedSec ?? 0), 0);
        const byRule = new Map<string, number>();
        for (const r of rows) if (r.stops[k]) byRule.set(r.stops[k]?.rule ?? '', (byRule.get(r.stops[k]?.rule ?? '') ?? 0) + 1);
        const rules = [...byRule].map(([rule, n]) => `${rule} ${n}`).join(', ') || '—';
        out(`| ${label} | ${recorded.toFixed(1)} | ${(recorded - saved).toFixed(1)} | ${saved.toFixed(1)} s (${pct(saved / recorded)}) | ${rows.filter((r) => r.stops[k]).length} (${rows.length}) | ${rules} |`);
      };
      for (const name of names) totals(all.filter((r) => r.study === name), name);
      totals(all, 'both');
      out('');
      for (const o of outcomes) {
        const stoppedHere = new Set(all.filter((r) => r.study === o.name && r.stops[k]).map((r) => r.trial));
        const harmed = o.recorded.pareto.filter((t) => stoppedHere.has(t));
        const bestStopped = o.recorded.best !== undefined && stoppedHere.has(o.recorded.best);
        const rep = o.replayed[k];
        out(`- ${o.name}: recorded front [${o.recorded.pareto.join(', ')}], chosen ${o.recorded.best ?? '—'}; with these stops front [${rep.pareto.join(', ')}], chosen ${rep.best ?? '—'}. ` +
          (harmed.length === 0 ? 'No trial of the recorded front stopped.' : `HARMFUL: trial${harmed.length > 1 ? 's' : ''} ${harmed.join(', ')} of the recorded front stopped${bestStopped ? ', the chosen one among them' : ''}.`));
      }
    });
    out('');
    out(`All figures ${LABEL}; one run per study (arrival seed 0); the recorded sequence of configurations is kept (a live study would suggest differently after a stop).`);
  } finally {
    cleanup();
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`replay-early-stop: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
