// Turns the study folders a GPU step brought back (studies.tar.xz, unpacked) into the committed results:
// OUT/results.json (every observation of every study, the comparison of compare.ts, and what ran where),
// OUT/results.md (the tables), and the table of the README's "llama.cpp on a real GPU" section.
//
//   npx tsx scripts/llamacpp/results.ts --from UNPACKED_DIR --out docs/results/llamacpp-h200 \
//       [--step step1.json --step step2.json ...] [--readme README.md] [--gpu "NVIDIA H200"]

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ObjectiveSpec, StudySummary, TrialRecord } from '../../src/protocol/study.js';
import { compareStudies, type Comparison, type StudyResult } from './compare.js';

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
  return `| ${s.name} | ${s.evaluations} | ${s.hypervolume === 0 ? '0' : s.hypervolume.toPrecision(4)} | ${best.join(' | ')} | ${s.infeasibleAfterDesign} of ${s.afterDesign} | ${s.infeasible} | ${fmtS(s.phases.trial?.median)} s |`;
}

export function renderTables(meta: Meta, c: Comparison): string {
  const objectives = c.objectives;
  const lines: string[] = [];
  const model = meta.model;
  lines.push(
    `${meta.date}, ${meta.gpu}, llama.cpp \`${meta.llamacppCommit.slice(0, 8)}\`, random-weight llama model ${model.n_layer} layers × ${model.n_embd} (${model.n_head} heads, ${model.n_head_kv} KV heads, FFN ${model.n_ff}, vocabulary ${model.n_vocab}, context ${model.n_ctx}; ${Number(model.parameters) >= 1e8 ? `${(Number(model.parameters) / 1e9).toFixed(2)} B` : `${(Number(model.parameters) / 1e6).toFixed(1)} M`} parameters, f16), ` +
      `chat trace at ${meta.workload.rate} req/s (Poisson, ${meta.workload.durationSec} s per trial, the longest-output half), budget ${meta.budget} evaluations each, same seeds.`,
    '',
    `| study | evaluations | hypervolume (ms²) | best ${objectives.map((o) => o.metric).join(' | best ')} | infeasible after the design | infeasible | median trial |`,
    `|---|---|---|${objectives.map(() => '---|').join('')}---|---|---|`,
  );
  for (const s of c.studies) lines.push(studyRow(s, objectives));
  lines.push('');
  const ref = c.reference.from === 'default'
    ? `the engine default (the base command, no tuned flag: ${objectives.map((o, k) => `${o.metric} ${fmtMs(c.reference.point[k])}`).join(', ')}; mean of ${c.defaultRuns.filter((d) => d.status === 'ok').length} runs)`
    : `the worst feasible values widened by 10% of the range (${c.reference.point.map((v) => fmtMs(v)).join(', ')}): the default failed in every study`;
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

function updateReadme(readme: string, section: string, link: string): void {
  const text = readFileSync(readme, 'utf8');
  const block = `${MARK_START}\n${section}\nRaw observations, every trial's phases and the per-study reports: [${link}](${link}).\n${MARK_END}`;
  const start = text.indexOf(MARK_START);
  const end = text.indexOf(MARK_END);
  if (start < 0 || end < start) throw new Error(`${readme}: no ${MARK_START} … ${MARK_END} block to fill`);
  writeFileSync(readme, text.slice(0, start) + block + text.slice(end + MARK_END.length));
}

function main(): void {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, out: { type: 'string' }, step: { type: 'string', multiple: true }, readme: { type: 'string' }, gpu: { type: 'string' } },
  });
  if (!values.from || !values.out) {
    process.stderr.write('usage: results.ts --from UNPACKED_DIR --out DIR [--step step.json ...] [--readme README.md] [--gpu NAME]\n');
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
  const names = readdirSync(studiesDir).filter((n) => existsSync(join(studiesDir, n, 'observations.jsonl'))).sort((a, b) => (a === 'scoot' ? -1 : b === 'scoot' ? 1 : a.localeCompare(b)));
  const inputs = names.map((name) => {
    const dir = join(studiesDir, name);
    const summary = existsSync(join(dir, 'summary.json')) ? (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as StudySummary) : undefined;
    const frozen = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { optimizer?: { initialDesign?: number } };
    const records = readJsonl(join(dir, 'observations.jsonl'));
    const dims = Object.keys(records.find((r) => r.source !== 'default')?.params ?? {}).length;
    return { name, records, designSize: frozen.optimizer?.initialDesign ?? dims, ...(summary?.best ? { chosenTrial: summary.best.trial } : {}), summary };
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
    ...(steps.length ? { deviceSeconds: steps.reduce((sum, s) => sum + (s.elapsed_s ?? 0), 0), steps } : {}),
  };
  mkdirSync(out, { recursive: true });
  const tables = renderTables(meta, comparison);
  const observations = Object.fromEntries(inputs.map((s) => [s.name, s.records]));
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ meta, comparison, observations }, null, 1)}\n`);
  writeFileSync(join(out, 'results.md'), `# llama.cpp on a real GPU: SCOOT against random search and the engine default\n\n${tables}`);
  for (const s of inputs) {
    const report = join(studiesDir, s.name, 'report.md');
    if (existsSync(report)) writeFileSync(join(out, `${s.name}-report.md`), readFileSync(report, 'utf8'));
  }
  writeFileSync(join(out, 'study.config.json'), readFileSync(join(from, 'scoot.config.json'), 'utf8'));
  if (values.readme) updateReadme(values.readme, tables, relative(resolve(values.readme, '..'), join(out, 'results.md')));
  process.stdout.write(`${tables}\nwrote ${relative(process.cwd(), out)}/{results.json,results.md,${inputs.map((s) => `${s.name}-report.md`).join(',')},study.config.json}${values.readme ? ` and ${basename(values.readme)}` : ''}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(__filename)) main();
