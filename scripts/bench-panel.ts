// Browser benchmark of the tuning panel: loads a 500-trial study into the built panel (Debian's
// chromium, headless, software rendering), then times single-trial updates on every tab: from the
// `trial` message to the frame after it was drawn (requestAnimationFrame, then a task after the paint).
// Run: node scripts/build.mjs --only webview && node --import tsx scripts/bench-panel.ts [--trials 500] [--updates 60]
import type { Browser, Page } from 'playwright-core';
import { cpus, loadavg } from 'node:os';
import type { StudySummary, TrialRecord } from '../src/protocol/study.js';
import { summaryOf, withSummary } from '../test/e2e/panel/fixtures/summary.js';
import { generateVllmStudy } from '../test/e2e/panel/fixtures/vllm-model.js';
import { launchChromium, openPanel, startPanelServer, type HarnessWindow } from '../test/e2e/panel/harness.js';
import { percentile } from '../src/core/stats.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const loaded = arg('trials', 500);
const updates = arg('updates', 60);

/** One update, timed inside the page: dispatch the message, wait for the next frame to be painted. */
async function timeUpdate(page: Page, trial: TrialRecord, summary: StudySummary): Promise<number> {
  return page.evaluate(async ([t, s]) => {
    const g = globalThis as unknown as HarnessWindow & { performance: { now(): number }; requestAnimationFrame(cb: () => void): number; setTimeout(cb: () => void, ms: number): number };
    const t0 = g.performance.now();
    g.__harness.send({ type: 'trial', trial: t, summary: s });
    await new Promise<void>((r) => g.requestAnimationFrame(() => g.setTimeout(r, 0)));
    return g.performance.now() - t0;
  }, [trial, summary] as const);
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

interface CpuFigures {
  /** Thread time of the renderer's main thread (JS, style, layout, paint recording). */
  main: number;
  /** Thread time of every thread of the renderer and GPU processes (adds raster and compositing). */
  all: number;
}

/**
 * CPU time spent while `work` runs, from a Chrome trace. Thread time does not grow when other
 * processes compete for the cores, unlike the wall-clock figures, so it is the steadier number.
 */
async function cpuDuring(browser: Browser, page: Page, work: () => Promise<void>): Promise<CpuFigures> {
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', '__metadata'] });
  await work();
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const meta = events.filter((e) => e.ph === 'M');
  const processes = new Set(meta.filter((e) => e.name === 'process_name' && (e.args?.name === 'Renderer' || e.args?.name === 'GPU Process')).map((e) => e.pid));
  const mains = new Set(meta.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  let main = 0;
  let all = 0;
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RunTask' || !processes.has(e.pid)) continue;
    all += e.tdur ?? 0;
    if (mains.has(`${e.pid}:${e.tid}`)) main += e.tdur ?? 0;
  }
  return { main: main / 1000, all: all / 1000 };
}

async function main(): Promise<void> {
  const study = generateVllmStudy({ study: 'bench-500', seed: 11, evaluations: loaded + updates, retests: 0, parallel: 4, fillEvery: 17 });
  const snapshot = withSummary({ ...study, status: 'running' as const, trials: study.trials.slice(0, loaded), budget: loaded + updates });
  const extra = study.trials.slice(loaded);
  // Each update carries the summary the host sends with it (the study's, for the trials so far).
  const summaries = extra.map((_, i) => summaryOf(snapshot, study.trials.slice(0, loaded + i + 1)));
  const failed = study.trials.filter((t) => t.status !== 'ok').length;
  console.log(`panel benchmark: ${loaded} trials loaded (${failed} failed in the whole study), ${updates} single-trial updates per tab, chromium headless (software rendering), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log('per update: wall time from the trial message to the painted frame (median, p95, max); CPU = thread time per update from a Chrome trace (renderer main thread; all renderer + GPU-process threads)');
  const server = await startPanelServer();
  const browser = await launchChromium();
  try {
    const tabs: [string, string, boolean][] = [
      ['progress', 'progress', false], ['objectives', 'Pareto front', false], ['parameters', 'parameters (small multiples)', false],
      ['parameters', 'parameters (parallel coordinates)', true], ['feasibility', 'feasibility', false], ['trials', 'trials table', false],
    ];
    const rows: string[] = [];
    for (const [tab, label, parallel] of tabs) {
      const t0 = Date.now();
      const { page, errors } = await openPanel(browser, server, 'dark', { type: 'snapshot', snapshot });
      await page.waitForSelector(`vscode-tab-header[data-tab="trials"]:has-text("Trials (${loaded})")`);
      const loadMs = Date.now() - t0;
      await page.click(`vscode-tab-header[data-tab="${tab}"]`);
      if (parallel) {
        await page.click('.view-select');
        await page.locator('.view-select').getByText('Parallel coordinates').last().click();
        await page.waitForSelector('.parallel-box:not([hidden])');
      }
      await page.waitForTimeout(300);
      const times: number[] = [];
      const cpu = await cpuDuring(browser, page, async () => {
        for (const [i, t] of extra.entries()) times.push(await timeUpdate(page, t, summaries[i]));
      });
      await page.waitForSelector(`vscode-tab-header[data-tab="trials"]:has-text("Trials (${loaded + updates})")`);
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      const writes = await page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.stateWrites());
      times.sort((a, b) => a - b);
      rows.push(`${label.padEnd(34)} median ${percentile(times, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(times, 95).toFixed(1).padStart(6)} ms  max ${times[times.length - 1].toFixed(1).padStart(6)} ms  | CPU/update: main thread ${(cpu.main / extra.length).toFixed(1).padStart(5)} ms, all threads ${(cpu.all / extra.length).toFixed(1).padStart(5)} ms | snapshot ready in ${loadMs} ms, ${writes} state saves`);
      console.log(rows[rows.length - 1]);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
