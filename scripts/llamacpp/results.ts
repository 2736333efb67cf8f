// Turns the study folders a GPU step brought back (studies.tar.xz, and a later call's retests.tar.xz
// unpacked over it) into the committed results: OUT/results.json (every observation of every study, the
// comparison of compare.ts, the re-tests of retests.ts, the two-slot check of two-slots.ts, and what ran
// where), OUT/results.md (the tables), and the table of the README's "llama.cpp on a real GPU" section.
//
//   npx tsx scripts/llamacpp/results.ts --from UNPACKED_DIR --out docs/results/llamacpp-h200 \
//       [--step step1.json --step step2.json ...] [--readme README.md] [--gpu "NVIDIA H200"] \
//       [--two-slots UNPACKED_TWO_SLOT_DIR]
//
// UNPACKED_DIR/studies/<name>/ are the tuning studies (robustness re-tests included), and
// UNPACKED_DIR/studies-default/<name>/ optional one-trial studies of the default under other arrival seeds.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ObjectiveSpec, StudySummary, TrialRecord } from '../../src/protocol/study.js';
import { algorithmSummaries, compareStudies, studyAlgorithm, type Comparison, type StudyResult } from './compare.js';
import { retestReport, type RetestReport, type RetestStudy, type Run } from './retests.js';
import { twoSlotReport, type TwoSlotReport } from './two-slots.js';

const MARK_START = '<!-- llamacpp-results:start (scripts/llamacpp/results.ts) -->';
const MARK_END = '<!-- llamacpp-results:end -->';

interface Meta {
  date: string;
  gpu: string;
  llamacppCommit: string;
  model: Record<string, unknown>;
  workload: Record<string, unknown>;
  budget: number;
  deviceSeconds?: number;
  steps?: unknown[];
  /** Set when the studies reached different budgets: every one is compared at the smallest. */
  comparedAt?: { evaluations: number; reached: Record<string, number> };
}

function readJsonl(path: string): TrialRecord[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).flatMap((l) => {
    try {
      return [JSON.parse(l) as TrialRecord];
    } catch {
      return [];
    }
  });
}

/** The GPU as the engine's own log names it (ggml_cuda_init), else the --gpu option, else the CPU. */
function gpuName(studiesDir: string, given: string | undefined): string {
  if (given) return given;
  for (const study of readdirSync(studiesDir)) {
    const logs = join(studiesDir, study, 'logs');
    if (!existsSync(logs)) continue;
    for (const file of readdirSync(logs)) {
      const m = /Device 0: ([^,\n]+), compute capability ([\d.]+)/.exec(readFileSync(join(logs, file), 'utf8'));
      if (m) return `${m[1].trim()} (compute capability ${m[2]})`;
    }
  }
  return 'CPU (no CUDA device in the engine logs)';
}

const fmtMs = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ms`);
const fmtPct = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '–' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toFixed(1)}%`);
const fmtS = (v: number | undefined): string => (v === undefined ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

function flags(params: TrialRecord['params']): string {
  const f = Object.entries(params).map(([k, v]) => (typeof v === 'boolean' ? (v ? `--${k}` : `--no-${k}`) : `--${k} ${v}`)).join(' ');
  return f || '(engine defaults)';
}

function studyRow(s: StudyResult, objectives: readonly ObjectiveSpec[]): string {
  const best = objectives.map((o) => `${fmtMs(s.best[o.metric]?.value)} (${fmtPct(s.best[o.metric]?.changeVsDefault)})`);
  return `| ${s.name} | ${s.evaluations} | ${s.hypervolume === 0 ? '0' : s.hypervolume.toPrecision(4)} | ${best.join(' | ')} | ${s.infeasibleAfterDesign} of ${s.afterDesign} | ${s.infeasible}${s.stoppedEarly ? ` (+${s.stoppedEarly} stopped early)` : ''} | ${fmtS(s.phases.trial?.median)} s |`;
}

/** SCOOT against each other algorithm: one study each says so; several seeds give medians and wins per seed. */
function verdict(c: Comparison): string[] {
  const groups = algorithmSummaries(c);
  const scoot = groups.find((g) => g.algorithm === 'scoot');
  if (!scoot) return [];
  const out: string[] = [];
  if (groups.some((g) => g.seeds.length > 1)) {
    out.push('| algorithm | optimiser seeds | hypervolume median (ms²) | min – max | per seed |', '|---|---|---|---|---|');
    for (const g of groups) out.push(`| ${g.algorithm} | ${g.seeds.join(', ')} | ${g.median.toPrecision(4)} | ${g.min.toPrecision(4)} – ${g.max.toPrecision(4)} | ${g.hypervolumes.map((h) => h.toPrecision(4)).join(', ')} |`);
    out.push('');
  }
  for (const other of groups.filter((g) => g !== scoot)) {
    const ahead = scoot.median > other.median;
    const common = scoot.seeds.filter((s) => other.seeds.includes(s));
    const wins = common.filter((s) => scoot.hypervolumes[scoot.seeds.indexOf(s)] > other.hypervolumes[other.seeds.indexOf(s)]).length;
    const ratio = other.median > 0 ? ` (${((100 * scoot.median) / other.median).toFixed(0)}% of ${other.algorithm}'s)` : '';
    out.push(common.length > 1
      ? `**SCOOT is ${ahead ? 'ahead of' : 'behind'} ${other.algorithm}** at this budget: median hypervolume ${scoot.median.toPrecision(4)} against ${other.median.toPrecision(4)} ms²${ratio} over ${common.length} optimiser seeds; ahead on ${wins} of ${common.length} seeds.`
      : `**SCOOT is ${ahead ? 'ahead of' : 'behind'} ${other.algorithm}** at this budget: hypervolume ${scoot.median.toPrecision(4)} against ${other.median.toPrecision(4)} ms²${ratio}, one study of each (optimizer seed ${scoot.seeds[0]}, arrival seed 0): a single run, not a verdict over seeds.`);
  }
  return out;
}

export function renderTables(meta: Meta, c: Comparison): string {
  const objectives = c.objectives;
  const lines: string[] = [];
  const model = meta.model;
  lines.push(
    `${meta.date}, ${meta.gpu}, llama.cpp \`${meta.llamacppCommit.slice(0, 8)}\`, random-weight llama model ${model.n_layer} layers × ${model.n_embd} (${model.n_head} heads, ${model.n_head_kv} KV heads, FFN ${model.n_ff}, vocabulary ${model.n_vocab}, context ${model.n_ctx}; ${Number(model.parameters) >= 1e8 ? `${(Number(model.parameters) / 1e9).toFixed(2)} B` : `${(Number(model.parameters) / 1e6).toFixed(1)} M`} parameters, f16), ` +
      `chat trace at ${meta.workload.rate} req/s (Poisson, ${meta.workload.durationSec} s per trial, the longest-output half), budget ${meta.budget} evaluations each, same seeds.`,
    '',
    ...(meta.comparedAt
      ? [`The studies were cut short at different budgets (${Object.entries(meta.comparedAt.reached).map(([n, k]) => `${n} ${k}`).join(', ')}): each is compared on its first ${meta.comparedAt.evaluations} evaluations, the most every one of them reached.`, '']
      : []),
    `| study | evaluations | hypervolume (ms²) | best ${objectives.map((o) => o.metric).join(' | best ')} | infeasible after the design | infeasible | median trial |`,
    `|---|---|---|${objectives.map(() => '---|').join('')}---|---|---|`,
  );
  for (const s of c.studies) lines.push(studyRow(s, objectives));
  lines.push('');
  lines.push(...verdict(c), '');
  const ref = c.reference.from === 'default'
    ? `the engine default (the base command, no tuned flag: ${objectives.map((o, k) => `${o.metric} ${fmtMs(c.reference.point[k])}`).join(', ')}; mean of ${c.defaultRuns.filter((d) => d.status === 'ok').length} runs)`
    : `the worst feasible values widened by 10% of the range (${c.reference.point.map((v) => fmtMs(v)).join(', ')}): no run of the default was measured in full (failed or stopped early) in any study`;
  lines.push(`Hypervolume of (${objectives.map((o) => o.metric).join(', ')}) against ${ref}; changes are against the default of the same study.`);
  const runs = c.defaultRuns.map((d) => `${d.study}: ${d.status}${d.objectives ? ` (${d.objectives.map((v) => fmtMs(v)).join(', ')})` : ''}`);
  lines.push(`The default as each study measured it: ${runs.join('; ')}.`, '');
  lines.push('Where a trial\'s time went (median seconds per trial; total in brackets):', '', '| study | start-up | warm-up | load | drain | teardown | whole trial | study wall time |', '|---|---|---|---|---|---|---|---|');
  for (const s of c.studies) {
    const p = (k: keyof StudyResult['phases']) => (s.phases[k] ? `${fmtS(s.phases[k]?.median)} (${fmtS(s.phases[k]?.total)})` : '–');
    lines.push(`| ${s.name} | ${p('startup')} | ${p('warmup')} | ${p('load')} | ${p('drain')} | ${p('teardown')} | ${p('trial')} | ${(s.wallSeconds / 60).toFixed(1)} min |`);
  }
  lines.push('');
  for (const s of c.studies) {
    if (!s.chosen) continue;
    lines.push(`${s.name} chooses trial ${s.chosen.trial}: \`${flags(s.chosen.params)}\` — ${objectives.map((o) => `${o.metric} ${fmtMs(s.chosen?.metrics[o.metric])} (${fmtPct(s.chosen?.changeVsDefault[o.metric])})`).join(', ')}.`);
  }
  if (meta.deviceSeconds !== undefined) lines.push('', `Machine time of the steps that produced this (build, model, check and studies; machine start-up not included): ${(meta.deviceSeconds / 60).toFixed(1)} min.`);
  return `${lines.join('\n')}\n`;
}

const runText = (objectives: readonly ObjectiveSpec[], values: readonly number[] | undefined) =>
  values ? objectives.map((o, k) => fmtMs(values[k])).join(', ') : 'failed';

function seedCell(objectives: readonly ObjectiveSpec[], runs: readonly Run[], meanValues: number[] | undefined, change: number[] | undefined): string {
  if (runs.length === 0) return '–';
  const each = runs.map((r) => runText(objectives, r.values)).join(' / ');
  const count = runs.length === 1 ? 'single run' : `${runs.length} runs${meanValues ? `, mean ${runText(objectives, meanValues)}` : ''}`;
  return `${each} (${count})${change ? `: ${change.map((c) => fmtPct(c)).join(', ')}` : ''}`;
}

export function renderRetests(r: RetestReport): string {
  const { objectives } = r;
  const names = objectives.map((o) => o.metric).join(', ');
  const seeds = [...new Set([...r.defaultRuns.map((d) => d.seed), ...r.chosen.flatMap((c) => c.bySeed.map((b) => b.seed))])].sort((a, b) => a - b);
  const lines: string[] = [
    '## Re-tests under other arrival orders',
    '',
    `Each study's chosen configuration measured again with other arrival seeds of the same Poisson workload (\`robustness.repeats: 2\`), the default (the base command) under the same seeds. Seed 0 is the tuning run. Each cell: ${names} of every run; changes are against the default's mean at the same seed. "single run" marks a figure measured once.`,
    '',
    `| configuration | ${seeds.map((s) => `arrival seed ${s}`).join(' | ')} | worst run against the default's worst |`,
    `|---|${seeds.map(() => '---|').join('')}---|`,
  ];
  const okDefaults = r.defaultRuns.filter((d) => d.values);
  const defaultWorst = okDefaults.length
    ? objectives.map((o, k) => (o.goal === 'min' ? Math.max : Math.min)(...okDefaults.map((d) => d.values?.[k] as number)))
    : undefined;
  lines.push(`| default (base command) | ${seeds.map((s) => {
    const runs = r.defaultRuns.filter((d) => d.seed === s);
    const ok = runs.filter((d) => d.values);
    const m = ok.length ? objectives.map((_, k) => ok.reduce((a, d) => a + (d.values?.[k] as number), 0) / ok.length) : undefined;
    return seedCell(objectives, runs, m, undefined);
  }).join(' | ')} | ${defaultWorst ? `${runText(objectives, defaultWorst)} (worst of ${okDefaults.length} runs)` : '–'} |`);
  for (const c of r.chosen) {
    const cells = seeds.map((s) => {
      const b = c.bySeed.find((x) => x.seed === s);
      return b ? seedCell(objectives, b.chosen, b.chosenMean, b.change) : 'not re-tested';
    });
    const worst = c.worst
      ? `${runText(objectives, c.worst.chosen)} (worst of ${c.worst.chosenRuns}) against ${runText(objectives, c.worst.default)} (worst of ${c.worst.defaultRuns}): ${c.worst.change.map((v) => fmtPct(v)).join(', ')}`
      : '–';
    lines.push(`| ${c.study}'s choice, trial ${c.trial}: \`${flags(c.params)}\` | ${cells.join(' | ')} | ${worst} |`);
  }
  lines.push('');
  if (r.defaultSpread) {
    const d = r.defaultSpread;
    lines.push(`The default from run to run (${d.runs} runs, arrival seeds ${[...new Set(okDefaults.map((x) => x.seed))].join(', ')}): ${objectives.map((o, k) => `${o.metric} ${fmtMs(d.min[k])}–${fmtMs(d.max[k])} (spread ${d.spreadPercent[k].toFixed(0)}% of the mean)`).join('; ')}. The hypervolume reference is the mean of its seed-0 runs, so a study's hypervolume moves with that noise.`);
    const seed0 = r.defaultRuns.filter((x) => x.seed === 0 && x.values);
    if (seed0.length >= 2) lines.push(`At the same arrival seed the default measured ${seed0.map((x) => `${runText(objectives, x.values)} (${x.study})`).join(' and ')}.`);
    lines.push('');
  }
  if (r.repeats.length > 0) {
    lines.push(
      `The same configuration under the same arrival seed in both studies (the default and the Sobol points SCOOT's design and random search share; ${r.repeats.length} pairs): median difference ${objectives.map((o, k) => `${o.metric} ${r.repeatMedian?.[k].toFixed(1)}%`).join(', ')} of the pair's mean.`,
      '',
      `| configuration | ${r.repeats[0].runs.map((x) => x.study).join(' | ')} | difference |`,
      `|---|${r.repeats[0].runs.map(() => '---|').join('')}---|`,
    );
    for (const p of r.repeats) {
      lines.push(`| \`${flags(p.params)}\` | ${p.runs.map((x) => `${runText(objectives, x.values)} (trial ${x.trial})`).join(' | ')} | ${p.relativeDifference.map((v) => `${v.toFixed(1)}%`).join(', ')} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function renderTwoSlots(t: TwoSlotReport): string {
  const lines: string[] = [
    '## Two trials at once on one GPU (issue 18\'s mechanics)',
    '',
    'The same comparison with `budget.parallel: 2` and `target.slotsPerGpu: 2`: two llama-server trials at a time on the one H200 (budget 6, SCOOT, seed 0). This checks the mechanics (ports, logs, processes, crash isolation), not a speed-up: the two trials share one GPU.',
    '',
    '| trial | slot | port given / engine listened on | pid | ran beside | outcome | client timeouts (engine cancels) | requests too long | engine exit | decode ms/token (alone) | served req/s (alone) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const x of t.trials) {
    const alone = x.alone;
    lines.push(`| ${x.trial} | ${x.slot} | ${x.port ?? '–'} / ${x.listening ?? '–'} | ${x.pid ?? '–'} | ${x.concurrentWith.join(', ') || '–'} | ${x.status}${x.reasonCode ? ` (${x.reasonCode}, ${((x.errorRate ?? 0) * 100).toFixed(1)}% failed)` : ''} | ${x.cancelled} | ${x.tooLong} | ${x.engineExit ?? '–'}${x.crash ? `; ${x.crash}` : ''} | ${x.decodeMsPerToken?.toFixed(2) ?? '–'} (${alone?.decodeMsPerToken?.toFixed(2) ?? '–'}) | ${x.requestThroughput?.toFixed(2) ?? '–'} (${alone?.requestThroughput?.toFixed(2) ?? '–'}) |`);
  }
  lines.push('');
  const shared = t.overlaps.filter((o) => o.sharedPort || o.sharedLog || o.sharedPid || o.sameSlot);
  lines.push(
    `Isolation: ${t.overlaps.length} pairs of trials ran at the same time (${t.overlaps.map((o) => `${o.a}+${o.b} ${o.seconds.toFixed(0)} s`).join(', ')}); ${shared.length === 0 ? 'none shared a port, a log file, a process or a slot' : `${shared.length} shared something: ${JSON.stringify(shared)}`}, ${t.trials.every((x) => x.port === x.listening) ? 'every engine listened on the port scoot gave it' : 'some engine listened on another port than scoot gave it'}, and each log file holds one trial (its header names that trial).`,
  );
  const failed = t.trials.filter((x) => x.status !== 'ok');
  const crashes = t.trials.filter((x) => x.crash || (x.engineExit && !/code 0$/.test(x.engineExit)));
  lines.push(
    `Failures: ${failed.length} of ${t.trials.length} trials were infeasible, every one for its error rate, and every failed request a client timeout (no complete response within the 30 s request timeout; the engine logged a cancel for each): ${crashes.length === 0 ? 'no engine crashed, ran out of memory or was killed, every engine exited 0 when its trial ended' : `${crashes.length} engine(s) crashed: ${crashes.map((x) => `${x.trial}: ${x.crash ?? x.engineExit}`).join('; ')}`}; ${t.trials.reduce((a, x) => a + x.tooLong, 0)} requests were refused for their length.`,
  );
  if (t.decodeSlowdown !== undefined) {
    lines.push(
      `Why they failed: the two engines share the GPU's time. The engine's own decode time per token was ${t.decodeSlowdown.toFixed(2)}× the same configuration's alone (median over the trials with a single-GPU twin), so each served far fewer requests than alone and the queue outlived the request timeout. The default's failure (${((t.trials[0]?.errorRate ?? 0) * 100).toFixed(1)}% of requests) is this slowdown, not a crash or a configuration error: alone, at the same arrival seed, it failed ${((t.trials[0]?.alone?.errorRate ?? 0) * 100).toFixed(1)}% of requests.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The re-tests in two lines for the README: each choice's worst run against the default's worst, same seeds. */
export function renderRetestSummary(r: RetestReport): string {
  const { objectives } = r;
  const parts = r.chosen.flatMap((c) => (c.worst
    ? [`${c.study}'s choice (trial ${c.trial}) ${runText(objectives, c.worst.chosen)} against ${runText(objectives, c.worst.default)} (${c.worst.change.map((v) => fmtPct(v)).join(', ')})`]
    : []));
  if (parts.length === 0) return '';
  const seeds = [...new Set(r.chosen.flatMap((c) => c.bySeed.map((b) => b.seed)))].sort((a, b) => a - b);
  const spread = r.defaultSpread ? ` The default alone ranged ${objectives.map((o, k) => `${fmtMs(r.defaultSpread?.min[k])}–${fmtMs(r.defaultSpread?.max[k])}`).join(' and ')} over ${r.defaultSpread.runs} runs.` : '';
  return `Re-tested under arrival seeds ${seeds.join(', ')} (worst run against the default's worst run, same seeds): ${parts.join('; ')}.${spread}\n`;
}

/**
 * Like with like: when a run was cut short, every study is compared on its first N tuning trials, N the
 * most all of them reached (their re-tests are kept: they re-run configurations, not new evaluations).
 */
export function atCommonBudget<S extends { name: string; records: readonly TrialRecord[] }>(studies: readonly S[]): { common: number; reached: Record<string, number>; studies: S[] } {
  const reached = Object.fromEntries(studies.map((s) => [s.name, s.records.filter((r) => r.source !== 'robustness').length]));
  const common = Math.min(...Object.values(reached));
  return {
    common, reached,
    studies: studies.map((s) => {
      const kept = new Set(s.records.filter((r) => r.source !== 'robustness').sort((a, b) => a.trial - b.trial).slice(0, common).map((r) => r.trial));
      return { ...s, records: s.records.filter((r) => r.source === 'robustness' || kept.has(r.trial)) };
    }),
  };
}

// The path is written as code, not as a link: vsce ships README.md as the extension's Marketplace page,
// where a relative link points nowhere, and refuses to package one without a repository URL.
function updateReadme(readme: string, section: string, link: string): void {
  const text = readFileSync(readme, 'utf8');
  const block = `${MARK_START}\n${section}\nRaw observations, every trial's phases and the per-study reports: \`${link}\`.\n${MARK_END}`;
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error(`${readme}: no ${MARK_START} … ${MARK_END} block to fill`);
  writeFileSync(readme, text.slice(0, start) + block + text.slice(end + MARK_END.length));
}

function main(): void {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, out: { type: 'string' }, step: { type: 'string', multiple: true }, readme: { type: 'string' }, gpu: { type: 'string' }, 'two-slots': { type: 'string' } },
  });
  if (!values.from || !values.out) {
    process.stderr.write('usage: results.ts --from UNPACKED_DIR --out DIR [--step step.json ...] [--readme README.md] [--gpu NAME] [--two-slots DIR]\n');
    process.exit(2);
  }
  const from = resolve(values.from);
  const out = resolve(values.out);
  const studiesDir = join(from, 'studies');
  if (!existsSync(studiesDir)) {
    process.stderr.write(`${studiesDir}: no studies here (unpack studies.tar.xz into --from)\n`);
    process.exit(2);
  }
  const config = JSON.parse(readFileSync(join(from, 'scoot.config.json'), 'utf8')) as { objectives: ObjectiveSpec[]; workload: Record<string, unknown>; budget: { evaluations: number } };
  const order = (n: string) => { const { algorithm, seed } = studyAlgorithm(n); return [algorithm === 'scoot' ? 0 : 1, algorithm, seed] as const; };
  const names = readdirSync(studiesDir).filter((n) => existsSync(join(studiesDir, n, 'observations.jsonl'))).sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1].localeCompare(y[1]) || x[2] - y[2];
  });
  const { common, reached, studies: cut } = atCommonBudget(names.map((name) => ({ name, records: readJsonl(join(studiesDir, name, 'observations.jsonl')) })));
  const inputs = cut.map(({ name, records }) => {
    const dir = join(studiesDir, name);
    const summary = existsSync(join(dir, 'summary.json')) ? (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as StudySummary) : undefined;
    const frozen = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { optimizer?: { initialDesign?: number } };
    const dims = Object.keys(records.find((r) => r.source !== 'default')?.params ?? {}).length;
    const chosen = summary?.best && records.some((r) => r.trial === summary.best?.trial) ? { chosenTrial: summary.best.trial } : {};
    return { name, records, designSize: frozen.optimizer?.initialDesign ?? dims, ...chosen, summary };
  });
  const comparison = compareStudies(config.objectives, inputs);
  const modelInfo = readdirSync(join(from, 'model')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(from, 'model', f), 'utf8')) as Record<string, unknown>)[0] ?? {};
  const steps = (values.step ?? []).map((p) => JSON.parse(readFileSync(p, 'utf8')) as { elapsed_s?: number });
  const first = inputs.flatMap((s) => s.records.map((r) => r.startedAt)).sort()[0] ?? new Date().toISOString();
  const meta: Meta = {
    date: first.slice(0, 10),
    gpu: gpuName(studiesDir, values.gpu),
    llamacppCommit: existsSync(join(from, 'llama.cpp.COMMIT')) ? readFileSync(join(from, 'llama.cpp.COMMIT'), 'utf8').trim() : 'unknown',
    model: modelInfo,
    workload: config.workload,
    // The budget the studies ran to (`scoot tune --budget` overrides the config's).
    budget: Math.max(...inputs.map((s) => s.summary?.budget ?? config.budget.evaluations)),
    ...(Object.values(reached).some((n) => n !== common) ? { comparedAt: { evaluations: common, reached } } : {}),
    ...(steps.length ? { deviceSeconds: steps.reduce((sum, s) => sum + (s.elapsed_s ?? 0), 0), steps } : {}),
  };
  // The default alone under other arrival seeds: one-trial studies beside the tuning ones.
  const defaultsDir = join(from, 'studies-default');
  const defaultStudies: RetestStudy[] = existsSync(defaultsDir)
    ? readdirSync(defaultsDir).filter((n) => existsSync(join(defaultsDir, n, 'observations.jsonl'))).sort().map((n) => ({
        name: `default-${n}`,
        seed: (JSON.parse(readFileSync(join(defaultsDir, n, 'config.json'), 'utf8')) as { workload: { seed?: number } }).workload.seed ?? 0,
        records: readJsonl(join(defaultsDir, n, 'observations.jsonl')),
      }))
    : [];
  const studySeed = (name: string) => (JSON.parse(readFileSync(join(studiesDir, name, 'config.json'), 'utf8')) as { workload: { seed?: number } }).workload.seed ?? 0;
  const retests = retestReport(config.objectives, [
    ...inputs.map((s) => ({ name: s.name, seed: studySeed(s.name), records: s.records, ...(s.chosenTrial !== undefined ? { chosenTrial: s.chosenTrial } : {}) })),
    ...defaultStudies,
  ]);
  let twoSlots: TwoSlotReport | undefined;
  if (values['two-slots']) {
    const root = resolve(values['two-slots']);
    const dir = readdirSync(root).map((n) => join(root, n)).find((d) => existsSync(join(d, 'observations.jsonl')));
    if (!dir) {
      process.stderr.write(`${root}: no study folder (with observations.jsonl) inside; unpack two-slots-one-gpu.tar.xz there\n`);
      process.exit(2);
    }
    twoSlots = twoSlotReport(dir, readJsonl(join(dir, 'observations.jsonl')), inputs.map((s) => ({ study: s.name, records: s.records })));
  }
  mkdirSync(out, { recursive: true });
  const tables = renderTables(meta, comparison);
  const readmeSection = `${tables}\n${renderRetestSummary(retests)}`;
  const details = `${renderRetests(retests)}${twoSlots ? `\n${renderTwoSlots(twoSlots)}` : ''}`;
  const observations = Object.fromEntries(inputs.map((s) => [s.name, s.records]));
  for (const d of defaultStudies) observations[d.name] = [...d.records];
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ meta, comparison, retests, ...(twoSlots ? { twoSlots } : {}), observations }, null, 1)}\n`);
  writeFileSync(join(out, 'results.md'), `# llama.cpp on a real GPU: SCOOT against random search and the engine default\n\n${tables}\n${details}`);
  for (const s of inputs) {
    const report = join(studiesDir, s.name, 'report.md');
    if (existsSync(report)) writeFileSync(join(out, `${s.name}-report.md`), readFileSync(report, 'utf8'));
  }
  writeFileSync(join(out, 'study.config.json'), readFileSync(join(from, 'scoot.config.json'), 'utf8'));
  if (values.readme) updateReadme(values.readme, readmeSection, relative(resolve(values.readme, '..'), join(out, 'results.md')));
  process.stdout.write(`${tables}\n${details}\nwrote ${relative(process.cwd(), out)}/{results.json,results.md,${inputs.map((s) => `${s.name}-report.md`).join(',')},study.config.json}${values.readme ? ` and ${basename(values.readme)}` : ''}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
