// The re-tests beside the tuning results: each study's chosen configuration measured again under other
// arrival orders (robustness.repeats: seeds 1 and 2 after the tuning run's seed 0), against the engine
// default measured under the same arrival orders; and how far one measurement of a configuration moves
// from run to run (the default twice at seed 0, and every configuration both studies ran at seed 0).
//
// Like with like: a chosen configuration at arrival seed s is compared with the default at seed s; the
// worst case compares the chosen configuration's worst run with the default's worst run (per
// objective, in minimisation space). Where a seed has one run, the figure is a single run and says so.

import type { ObjectiveSpec, TrialRecord } from '../../src/protocol/study.js';
import { percentChange, toMinimization } from '../../src/study/objectives.js';
import { mean, median } from '../../src/core/stats.js';

export interface Run {
  study: string;
  trial: number;
  /** Arrival seed of the load test. */
  seed: number;
  status: TrialRecord['status'];
  /** Objectives in the config's units (not negated), when the run was ok. */
  values?: number[];
}

export interface SeedComparison {
  seed: number;
  chosen: Run[];
  defaultRuns: Run[];
  /** Mean over the runs at this seed (per objective); undefined when no ok run. */
  chosenMean?: number[];
  defaultMean?: number[];
  /** percentChange(chosen, default) per objective. */
  change?: number[];
}

export interface ChosenRetests {
  study: string;
  trial: number;
  params: TrialRecord['params'];
  bySeed: SeedComparison[];
  /** Per objective: the chosen configuration's worst run and the default's worst run over the same seeds. */
  worst?: { chosen: number[]; default: number[]; change: number[]; chosenRuns: number; defaultRuns: number };
}

export interface RepeatPair {
  params: TrialRecord['params'];
  seed: number;
  runs: Run[];
  /** |a − b| / mean(a, b) per objective, in percent. */
  relativeDifference: number[];
}

export interface RetestReport {
  objectives: ObjectiveSpec[];
  defaultRuns: Run[];
  /** Per objective over all the default's ok runs: min, max, (max − min) / mean in percent. */
  defaultSpread?: { min: number[]; max: number[]; spreadPercent: number[]; runs: number };
  chosen: ChosenRetests[];
  /** The same configuration at the same arrival seed measured in two studies (run-to-run noise). */
  repeats: RepeatPair[];
  /** Median over the repeat pairs of the relative difference, per objective. */
  repeatMedian?: number[];
}

export interface RetestStudy {
  name: string;
  /** The arrival seed of the study's own (non-robustness) trials: workload.seed of its config. */
  seed: number;
  records: readonly TrialRecord[];
  chosenTrial?: number;
}


function runOf(objectives: readonly ObjectiveSpec[], study: RetestStudy, r: TrialRecord): Run {
  const ok = r.status === 'ok' && toMinimization(objectives, r.metrics) !== undefined;
  return {
    study: study.name,
    trial: r.trial,
    seed: r.arrivalSeed ?? study.seed,
    status: r.status,
    ...(ok ? { values: objectives.map((o) => r.metrics?.[o.metric] as number) } : {}),
  };
}

function meanValues(runs: readonly Run[]): number[] | undefined {
  const ok = runs.flatMap((r) => (r.values ? [r.values] : []));
  if (ok.length === 0) return undefined;
  return ok[0].map((_, k) => mean(ok.map((v) => v[k])));
}

/** Worst per objective (largest when minimised, smallest when maximised). */
function worstValues(objectives: readonly ObjectiveSpec[], runs: readonly Run[]): number[] | undefined {
  const ok = runs.flatMap((r) => (r.values ? [r.values] : []));
  if (ok.length === 0) return undefined;
  return objectives.map((o, k) => (o.goal === 'min' ? Math.max(...ok.map((v) => v[k])) : Math.min(...ok.map((v) => v[k]))));
}

const paramsKey = (p: TrialRecord['params']) => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));

/** The default's runs in a study: its tuning trial and, where the study re-tested it (robustness re-tests since issue 14's follow-up), those re-tests. */
function defaultRecords(records: readonly TrialRecord[]): TrialRecord[] {
  const first = records.find((r) => r.source === 'default');
  return first ? records.filter((r) => r === first || (r.source === 'robustness' && r.retestOf === first.trial)) : [];
}

export function retestReport(objectives: ObjectiveSpec[], studies: readonly RetestStudy[]): RetestReport {
  const defaultRuns = studies.flatMap((s) => defaultRecords(s.records).map((r) => runOf(objectives, s, r)));
  const okDefaults = defaultRuns.filter((r) => r.values);
  const defaultSpread = okDefaults.length > 0
    ? (() => {
        const min = objectives.map((_, k) => Math.min(...okDefaults.map((r) => r.values?.[k] as number)));
        const max = objectives.map((_, k) => Math.max(...okDefaults.map((r) => r.values?.[k] as number)));
        const avg = objectives.map((_, k) => mean(okDefaults.map((r) => r.values?.[k] as number)));
        return { min, max, spreadPercent: objectives.map((_, k) => (100 * (max[k] - min[k])) / avg[k]), runs: okDefaults.length };
      })()
    : undefined;

  const chosen: ChosenRetests[] = [];
  for (const s of studies) {
    if (s.chosenTrial === undefined) continue;
    const record = s.records.find((r) => r.trial === s.chosenTrial);
    if (!record) continue;
    const runs = [record, ...s.records.filter((r) => r.source === 'robustness' && r.retestOf === record.trial)].map((r) => runOf(objectives, s, r));
    const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
    const bySeed = seeds.map((seed): SeedComparison => {
      const c = runs.filter((r) => r.seed === seed);
      const d = defaultRuns.filter((r) => r.seed === seed);
      const chosenMean = meanValues(c);
      const defaultMean = meanValues(d);
      return {
        seed, chosen: c, defaultRuns: d,
        ...(chosenMean ? { chosenMean } : {}),
        ...(defaultMean ? { defaultMean } : {}),
        ...(chosenMean && defaultMean ? { change: chosenMean.map((v, k) => percentChange(v, defaultMean[k])) } : {}),
      };
    });
    const sameSeedDefaults = defaultRuns.filter((r) => seeds.includes(r.seed));
    const wc = worstValues(objectives, runs);
    const wd = worstValues(objectives, sameSeedDefaults);
    chosen.push({
      study: s.name, trial: record.trial, params: record.params, bySeed,
      ...(wc && wd
        ? { worst: { chosen: wc, default: wd, change: wc.map((v, k) => percentChange(v, wd[k])), chosenRuns: runs.filter((r) => r.values).length, defaultRuns: sameSeedDefaults.filter((r) => r.values).length } }
        : {}),
    });
  }

  // Identical configuration and arrival seed in more than one study (the default, and the Sobol points
  // SCOOT's design and random search share).
  const groups = new Map<string, Run[]>();
  const paramsOf = new Map<string, TrialRecord['params']>();
  for (const s of studies) {
    for (const r of s.records) {
      const run = runOf(objectives, s, r);
      if (!run.values) continue;
      const key = `${run.seed}|${paramsKey(r.params)}`;
      groups.set(key, [...(groups.get(key) ?? []), run]);
      paramsOf.set(key, r.params);
    }
  }
  const repeats: RepeatPair[] = [];
  for (const [key, runs] of groups) {
    const studiesIn = new Set(runs.map((r) => r.study));
    if (runs.length < 2 || studiesIn.size < 2) continue;
    const [a, b] = runs;
    repeats.push({
      params: paramsOf.get(key) ?? {}, seed: a.seed, runs,
      relativeDifference: objectives.map((_, k) => (100 * Math.abs((a.values?.[k] as number) - (b.values?.[k] as number))) / mean([a.values?.[k] as number, b.values?.[k] as number])),
    });
  }
  repeats.sort((x, y) => Math.min(...x.runs.map((r) => r.trial)) - Math.min(...y.runs.map((r) => r.trial)));
  return {
    objectives, defaultRuns, ...(defaultSpread ? { defaultSpread } : {}), chosen, repeats,
    ...(repeats.length > 0 ? { repeatMedian: objectives.map((_, k) => median(repeats.map((p) => p.relativeDifference[k]))) } : {}),
  };
}
