// The tuning panel in a real browser (Debian's chromium via playwright-core): the built bundle
// (dist/webview/main.js) and media/panel.css inside the panel's real HTML and CSP, with VS Code's side
// played by the harness. Run: node --import tsx --test test/e2e/panel/panel.test.ts (after building
// the webview). Screenshots go to test/e2e/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { StudySnapshot, TrialRecord } from '../../../src/protocol/study.js';
import type { ChartSummary } from '../../../webview/test-hooks-types.js';
import { twoObjectiveStudy } from './fixtures/two-objective.js';
import { sloThroughputStudy } from './fixtures/slo-throughput.js';
import { bestOf, bruteForceFront, meetsSlo, parseCsv, upTo as trialsUpTo } from './expectations.js';
import { summaryOf, withSummary } from './fixtures/summary.js';

/** The study up to a trial, with the summary the host sends for those trials. */
const upTo = (s: StudySnapshot, lastTrial: number, patch: Partial<StudySnapshot> = {}): StudySnapshot => withSummary(trialsUpTo(s, lastTrial, patch));
import { chromiumPath, launchChromium, nextFrames, openPanel, screenshotDir, startPanelServer, waitForAttribute, type HarnessWindow, type PanelServer } from './harness.js';
import { themeVariables, type ThemeName } from './themes.js';

let server: PanelServer;
let browser: Browser;

/** Without a browser the panel cannot be tested: skip with the fix rather than fail (CI installs it). */
const skip = existsSync(chromiumPath) ? false : `${chromiumPath} not found: npm test installs Debian's chromium (or: node scripts/test-setup.mjs chromium), or set CHROMIUM_PATH`;

before(async () => {
  if (skip) return;
  mkdirSync(screenshotDir, { recursive: true });
  server = await startPanelServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

type Tab = 'progress' | 'objectives' | 'parameters' | 'feasibility' | 'trials';

async function chart(page: Page, id: string): Promise<ChartSummary> {
  const c = await page.evaluate((chartId) => (globalThis as unknown as HarnessWindow).__scootPanel.chart(chartId), id);
  assert.ok(c, `chart ${id} exists`);
  return c;
}

function dataset(c: ChartSummary, label: string) {
  const d = c.datasets.find((x) => x.label === label);
  assert.ok(d, `dataset "${label}" in ${c.datasets.map((x) => x.label).join(', ')}`);
  return d;
}

/** Every plotted point lies inside its axes' ranges (nothing silently drawn off the plot). */
function assertPointsInRange(c: ChartSummary, id: string): void {
  for (const d of c.datasets) {
    const x = c.scales.x;
    const y = c.scales[d.yAxisID ?? 'y'];
    for (const p of d.data) {
      assert.ok(p.x >= x.min && p.x <= x.max, `${id}/${d.label}: x ${p.x} outside [${x.min}, ${x.max}]`);
      assert.ok(p.y >= y.min && p.y <= y.max, `${id}/${d.label}: y ${p.y} outside [${y.min}, ${y.max}]`);
    }
  }
}

const trialsOf = (pts: { trial?: number }[]) => pts.map((p) => p.trial as number).sort((a, b) => a - b);

async function showTab(page: Page, tab: Tab): Promise<void> {
  await page.click(`vscode-tab-header[data-tab="${tab}"]`);
  await page.waitForFunction((t) => (globalThis as unknown as HarnessWindow).__harness.state()?.tab === t, tab);
  // The tab's charts draw on the first frames after becoming visible.
  await nextFrames(page);
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

async function noViolations(page: Page, errors: string[]): Promise<void> {
  const violations = await page.evaluate(() => (globalThis as unknown as HarnessWindow).__harness.violations);
  assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
  assert.deepEqual(errors, [], 'no page errors or console errors/warnings');
}

async function renderedRows(page: Page): Promise<{ trial: number; status: string }[]> {
  return page.$$eval('.trials-table tbody tr[data-trial]', (rows) => rows.map((r) => ({ trial: Number(r.getAttribute('data-trial')), status: r.getAttribute('data-status') ?? '' })));
}

function sortedByMetric(trials: TrialRecord[], metric: string, descending: boolean): number[] {
  const withV = trials.filter((t) => t.metrics?.[metric] !== undefined).sort((a, b) => {
    const d = (a.metrics?.[metric] as number) - (b.metrics?.[metric] as number);
    return (descending ? -d : d) || a.trial - b.trial;
  });
  const without = trials.filter((t) => t.metrics?.[metric] === undefined).sort((a, b) => a.trial - b.trial);
  return [...withV, ...without].map((t) => t.trial);
}

test('two-objective study: live updates, Pareto front, failure lane with reasons, screenshots (dark)', { skip }, async () => {
  const study = withSummary(twoObjectiveStudy);
  const initial = upTo(study, 29, {
    status: 'running', etaSeconds: 1500, elapsedSeconds: 4200,
    running: [30, 31].map((n) => ({ trial: n, params: study.trials[n].params, source: study.trials[n].source, slot: study.trials[n].slot, phase: 'load' as const, startedAt: study.trials[n].startedAt })),
  });
  const { page, host, errors } = await openPanel(browser, server, 'dark', { type: 'snapshot', snapshot: initial });
  try {
    await page.waitForSelector('.study-name:has-text("llama2-13b-a100x2")');
    assert.match(await page.textContent('[data-stat="running"]') ?? '', /#30 \(bo, slot \d, load\) · #31/);
    assert.equal(await page.textContent('vscode-tab-header[data-tab="trials"]'), 'Trials (30)');
    assert.equal(host.received[0]?.type, 'ready');

    // The rest of the study arrives trial by trial, as the host streams it.
    for (const t of study.trials.slice(30)) {
      await host.send({ type: 'trial', trial: t, summary: summaryOf(study, study.trials.filter((x) => x.trial <= t.trial)) });
      await host.send({ type: 'running', running: [] });
    }
    await host.send({ type: 'status', status: 'finished', elapsedSeconds: study.elapsedSeconds });
    await page.waitForSelector('vscode-tab-header[data-tab="trials"]:has-text("Trials (40)")');
    assert.equal(await page.textContent('[data-stat="budget"]'), 'Budget 37 / 37 (+3 re-tests)');
    assert.equal(await page.textContent('[data-stat="failed"]'), 'Infeasible 8 · errors 1');
    assert.equal(await page.getAttribute('.status-badge', 'data-status'), 'finished');
    assert.equal(await page.isHidden('[data-stat="eta"]'), true, 'no ETA once finished');
    // The header names the configuration the study chose (summary.json's best): a point of the front.
    const chosen = study.summary?.best?.trial as number;
    assert.ok(bruteForceFront(study).includes(chosen), `the chosen trial ${chosen} is on the Pareto front`);
    const bestText = await page.textContent('[data-stat="best"]') ?? '';
    const metricsOfChosen = study.trials[chosen].metrics ?? {};
    assert.ok(study.objectives.every((o) => bestText.includes(`${o.metric} `) && bestText.includes(`at #${chosen}`)), bestText);
    assert.ok(bestText.includes(`Pareto front: ${bruteForceFront(study).length} trials`), bestText);
    assert.ok(metricsOfChosen.ttft_mean !== undefined);

    // Progress: × lane holds every failed trial; best-so-far ends at the best feasible value.
    for (const [i, o] of study.objectives.entries()) {
      const c = await chart(page, `progress-${i}`);
      assert.deepEqual(trialsOf(dataset(c, 'infeasible').data), study.trials.filter((t) => t.status === 'infeasible').map((t) => t.trial));
      assert.deepEqual(trialsOf(dataset(c, 'error').data), study.trials.filter((t) => t.status === 'error').map((t) => t.trial));
      const line = dataset(c, 'best so far').data;
      const best = bestOf(study, o);
      assert.deepEqual(line[line.length - 1], { x: 39, y: best.value });
      for (let k = 1; k < line.length; k++) assert.ok(line[k].y <= line[k - 1].y, 'minimised objective: best-so-far never rises');
      assert.deepEqual(trialsOf(dataset(c, 'default').data), [0]);
      assert.equal(c.scales.y.type, o.metric === 'ttft_mean' ? 'logarithmic' : 'linear');
      assertPointsInRange(c, `progress-${i}`);
    }
    assert.equal(await page.getAttribute('[data-chart="progress-0"]', 'data-failed-markers'), '9');
    await shoot(page, 'panel-two-objective-dark-progress');

    // Pareto front: exactly the non-dominated feasible set; SLO bound on the plotted tpot_mean.
    await showTab(page, 'objectives');
    assert.equal(await page.textContent('vscode-tab-header[data-tab="objectives"]'), 'Pareto front');
    const obj = await chart(page, 'objective');
    assertPointsInRange(obj, 'objective');
    const front = bruteForceFront(study);
    assert.ok(front.length >= 4);
    assert.deepEqual(trialsOf(dataset(obj, 'Pareto front').data), front);
    assert.equal(await page.getAttribute('[data-chart="objective"]', 'data-front-count'), String(front.length));
    const violators = study.trials.filter((t) => t.status === 'ok' && t.source !== 'robustness' && !meetsSlo(t, study.slo)).map((t) => t.trial);
    assert.ok(violators.length > 0);
    assert.deepEqual(trialsOf(dataset(obj, 'violates SLO or constraint').data), violators);
    assert.deepEqual(trialsOf(dataset(obj, 'robustness re-test').data), [37, 38, 39]);
    assert.deepEqual(trialsOf(dataset(obj, 'default (reference)').data), [0]);
    assert.deepEqual(obj.sloLines, [{ axis: 'y', value: 26, label: 'SLO tpot_mean ≤ 26' }]);
    const strip = await chart(page, 'objective-failures');
    assertPointsInRange(strip, 'objective-failures');
    const failed = study.trials.filter((t) => t.status !== 'ok');
    assert.equal(strip.datasets.reduce((n, d) => n + d.data.length, 0), failed.length, 'one × per failed trial');
    assert.deepEqual(strip.datasets.flatMap((d) => d.data.map((p) => p.x)).sort((a, b) => a - b), failed.map((t) => t.trial));
    assert.equal(await page.getAttribute('[data-chart="objective-failures"]', 'data-rows'), String(new Set(failed.map((t) => t.reasonCode)).size));

    // Hovering an × shows that trial's reason.
    const firstFailed = dataset(strip, 'infeasible').data[0].trial as number;
    const pos = await page.evaluate(() => (globalThis as unknown as HarnessWindow).__scootPanel.pointPosition('objective-failures', 'infeasible', 0));
    assert.ok(pos);
    await page.mouse.move(pos.x, pos.y);
    await page.waitForSelector('.chart-tooltip:not([hidden])');
    assert.equal(await page.getAttribute('.chart-tooltip', 'data-trial'), String(firstFailed));
    const tip = await page.textContent('.chart-tooltip') ?? '';
    const failedRecord = study.trials[firstFailed];
    assert.ok(tip.includes(`Trial ${firstFailed}`) && tip.includes(failedRecord.reasonCode as string) && tip.includes(failedRecord.reason as string), tip);
    await page.screenshot({ path: join(screenshotDir, 'panel-two-objective-dark-failure-tooltip.png') });
    // And a front point shows its metrics.
    const fp = await page.evaluate(() => (globalThis as unknown as HarnessWindow).__scootPanel.pointPosition('objective', 'Pareto front', 0));
    assert.ok(fp);
    await page.mouse.move(fp.x, fp.y);
    await page.waitForSelector('.chart-tooltip:has-text("ttft_mean:")');
    await shoot(page, 'panel-two-objective-dark-pareto');

    await showTab(page, 'parameters');
    for (const p of study.parameters) {
      const c = await chart(page, `param:${p.name}`);
      assert.equal(dataset(c, 'infeasible').data.length + dataset(c, 'error').data.length, failed.length, `${p.name}: failed trials in the lane`);
      assertPointsInRange(c, `param:${p.name}`);
    }
    await shoot(page, 'panel-two-objective-dark-parameters');
    await page.click('.view-select');
    await page.locator('.view-select').getByText('Parallel coordinates').last().click();
    await page.waitForSelector('.parallel-box:not([hidden])');
    assert.equal(await page.getAttribute('.parallel-box', 'data-lines'), '40');
    assert.equal(await page.getAttribute('.parallel-box', 'data-failed-lines'), String(failed.length));
    await page.waitForFunction(() => (globalThis as unknown as HarnessWindow).__harness.state()?.parameterView === 'parallel-coordinates');
    await shoot(page, 'panel-two-objective-dark-parallel');

    await showTab(page, 'feasibility');
    const delta = await chart(page, 'delta');
    const withDelta = study.trials.filter((t) => t.pofThreshold !== undefined);
    assert.deepEqual(dataset(delta, 'δ (POF threshold)').data.map((p) => [p.x, p.y]), withDelta.map((t) => [t.trial, t.pofThreshold]));
    const reasons = await chart(page, 'reasons');
    const counts = new Map<string, number>();
    for (const t of failed) counts.set(t.reasonCode as string, (counts.get(t.reasonCode as string) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries((reasons.labels ?? []).map((l, i) => [l, reasons.datasets[0].data[i].y])), Object.fromEntries(counts));
    await shoot(page, 'panel-two-objective-dark-feasibility');
    await showTab(page, 'trials');
    await shoot(page, 'panel-two-objective-dark-trials');
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});

test('trials table: sorting, Apply, Copy flags, CSV/JSON export, and restore after reload from getState', { skip }, async () => {
  const study = withSummary(twoObjectiveStudy);
  const { page, host, errors } = await openPanel(browser, server, 'dark', { type: 'snapshot', snapshot: study });
  try {
    await page.waitForSelector('.study-name');
    await showTab(page, 'trials');
    let rows = await renderedRows(page);
    assert.ok(rows.length >= 20 && rows.length < 40 + 1, `virtualised window renders ${rows.length} rows`);
    assert.deepEqual(rows.map((r) => r.trial), rows.map((_, i) => i), 'trial order by default');
    const rowHeight = await page.$eval('.trials-table tbody tr[data-trial]', (r) => r.getBoundingClientRect().height);
    assert.equal(rowHeight, 26, 'rows have the fixed height the virtual scroller assumes');

    await page.click('th[data-column="metric:ttft_mean"]');
    rows = await renderedRows(page);
    const asc = sortedByMetric(study.trials, 'ttft_mean', false);
    assert.deepEqual(rows.map((r) => r.trial), asc.slice(0, rows.length));
    assert.equal(await page.getAttribute('th[data-column="metric:ttft_mean"]', 'aria-sort'), 'ascending');
    await page.click('th[data-column="metric:ttft_mean"]');
    rows = await renderedRows(page);
    const desc = sortedByMetric(study.trials, 'ttft_mean', true);
    assert.deepEqual(rows.map((r) => r.trial), desc.slice(0, rows.length));
    // Scrolled to the end, the window shows the last trials: failed ones, which have no ttft_mean.
    // A row element keeps its trial while the trial stays in the window (a click pressed on one row
    // must never land as another trial's when the window moves).
    await page.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> }; __rowsBefore?: Map<string | null, unknown> };
      g.__rowsBefore = new Map(Array.from(g.document.querySelectorAll('.trials-table tbody tr[data-trial]'), (tr) => [tr.getAttribute('data-trial'), tr]));
    });
    await page.hover('.table-scroll');
    await page.mouse.wheel(0, 4000);
    await waitForAttribute(page, '.trials-table tbody', 'data-first', (v) => Number(v) > 0);
    rows = await renderedRows(page);
    assert.deepEqual(rows.map((r) => r.trial), desc.slice(desc.length - rows.length));
    assert.equal(rows[rows.length - 1].status === 'ok', false);
    const kept = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> }; __rowsBefore: Map<string | null, unknown> };
      const now = Array.from(g.document.querySelectorAll('.trials-table tbody tr[data-trial]'));
      const both = now.filter((tr) => g.__rowsBefore.has(tr.getAttribute('data-trial')));
      return { both: both.length, same: both.filter((tr) => g.__rowsBefore.get(tr.getAttribute('data-trial')) === tr).length };
    });
    assert.ok(kept.both > 0, 'some trials are in the window before and after the scroll');
    assert.equal(kept.same, kept.both, 'every trial still in the window is shown by the same row element');
    await page.mouse.wheel(0, -4000);
    await waitForAttribute(page, '.trials-table tbody', 'data-first', (v) => v === '0');

    const okTrial = desc[0];
    await page.click(`tr[data-trial="${okTrial}"] button[data-action="apply"]`);
    assert.deepEqual(await host.next('apply'), { type: 'apply', trial: okTrial });
    const failedTrial = study.trials.find((t) => t.status === 'infeasible')?.trial as number;
    await page.hover('.table-scroll');
    await page.mouse.wheel(0, 4000);
    await waitForAttribute(page, '.trials-table tbody', 'data-first', (v) => Number(v) > 0);
    await page.waitForSelector(`tr[data-trial="${failedTrial}"]`);
    assert.equal(await page.isDisabled(`tr[data-trial="${failedTrial}"] button[data-action="apply"]`), true, 'an infeasible configuration cannot be applied');
    await page.click(`tr[data-trial="${failedTrial}"] button[data-action="copy"]`);
    assert.deepEqual(await host.next('copyFlags'), { type: 'copyFlags', trial: failedTrial });
    assert.equal(host.received.filter((m) => m.type === 'apply').length, 1);

    await page.click('vscode-button[data-export="csv"]');
    const csv = await host.next('export');
    assert.equal(csv.format, 'csv');
    assert.equal(csv.suggestedName, 'llama2-13b-a100x2-trials.csv');
    assert.ok(csv.content.endsWith('\r\n'));
    const table = parseCsv(csv.content);
    assert.equal(table.length, 41);
    const header = table[0];
    assert.ok(table.every((r) => r.length === header.length), 'every record has every column');
    for (const p of study.parameters) assert.ok(header.includes(p.name), `CSV has column ${p.name}`);
    const col = (name: string) => header.indexOf(name);
    for (const t of study.trials) {
      const cells = table[t.trial + 1];
      assert.equal(Number(cells[col('trial')]), t.trial);
      assert.equal(cells[col('status')], t.status);
      assert.equal(cells[col('ttft_mean')], t.metrics ? String(t.metrics.ttft_mean) : '');
      assert.equal(cells[col('max-num-seqs')], String(t.params['max-num-seqs']));
      if (t.status !== 'ok') {
        assert.equal(cells[col('reason_code')], t.reasonCode);
        assert.equal(cells[col('reason')], t.reason);
      }
    }
    await page.click('vscode-button[data-export="json"]');
    const json = await host.next('export');
    assert.equal(json.format, 'json');
    assert.equal(json.suggestedName, 'llama2-13b-a100x2-trials.json');
    const doc = JSON.parse(json.content) as { trials: TrialRecord[]; objectives: unknown };
    assert.deepEqual(doc.trials, study.trials);
    assert.deepEqual(doc.objectives, study.objectives);

    // Reload with a host that does not answer: the panel redraws from getState alone, on the same tab and sort.
    await page.waitForFunction(() => (globalThis as unknown as HarnessWindow).__harness.state()?.sort?.descending === true);
    host.onReady = undefined;
    const readyBefore = host.received.filter((m) => m.type === 'ready').length;
    await page.reload();
    await page.waitForSelector('vscode-tab-header[data-tab="trials"]:has-text("Trials (40)")');
    assert.equal(host.received.filter((m) => m.type === 'ready').length, readyBefore + 1, 'the reloaded panel says ready again');
    assert.equal(await page.getAttribute('vscode-tab-header[data-tab="trials"]', 'active'), '');
    assert.equal(await page.getAttribute('th[data-column="metric:ttft_mean"]', 'aria-sort'), 'descending');
    rows = await renderedRows(page);
    assert.deepEqual(rows.map((r) => r.trial), desc.slice(0, rows.length));
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});

test('Stop and Resume post to the host and follow the reported status', { skip }, async () => {
  const snapshot: StudySnapshot = upTo(twoObjectiveStudy, 12, { status: 'running', etaSeconds: 3600, elapsedSeconds: 1800 });
  const { page, host, errors } = await openPanel(browser, server, 'dark', { type: 'snapshot', snapshot });
  try {
    await page.waitForSelector('.status-badge[data-status="running"]');
    assert.match(await page.textContent('[data-stat="eta"]') ?? '', /^ETA (59m|1h 00m)/);
    assert.equal(await page.getAttribute('vscode-button[data-action="resume"]', 'disabled'), '');
    await page.click('vscode-button[data-action="stop"]');
    assert.deepEqual(await host.next('stop'), { type: 'stop' });
    assert.equal(await page.textContent('vscode-button[data-action="stop"]'), 'Stopping…');
    await host.send({ type: 'status', status: 'stopping', elapsedSeconds: 1810 });
    await host.send({ type: 'status', status: 'stopped', elapsedSeconds: 1820 });
    await page.waitForSelector('.status-badge[data-status="stopped"]');
    assert.equal(await page.textContent('[data-stat="elapsed"]'), 'Elapsed 30m 20s');
    assert.equal(await page.getAttribute('vscode-button[data-action="stop"]', 'disabled'), '');
    await page.click('vscode-button[data-action="resume"]');
    assert.deepEqual(await host.next('resume'), { type: 'resume' });
    await host.send({ type: 'status', status: 'running', elapsedSeconds: 1820, etaSeconds: 3000 });
    await page.waitForSelector('.status-badge[data-status="running"]');
    assert.equal(await page.getAttribute('vscode-button[data-action="stop"]', 'disabled'), null);
    await host.send({ type: 'status', status: 'failed', elapsedSeconds: 1900, error: 'engine launch failed: vllm: command not found' });
    await page.waitForSelector('.error-row:has-text("vllm: command not found")');
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});

test('one-objective study with an SLO (light): maximised throughput, trade-off against the SLO metric, screenshots', { skip }, async () => {
  const study = withSummary(sloThroughputStudy);
  const { page, errors } = await openPanel(browser, server, 'light', { type: 'snapshot', snapshot: study });
  try {
    await page.waitForSelector('.study-name:has-text("llama-server-h200")');
    const best = bestOf(study, study.objectives[0]);
    const def = study.trials[0].metrics?.request_throughput as number;
    const pct = Math.round((best.value / def - 1) * 100);
    assert.ok((await page.textContent('[data-stat="best"]'))?.includes(`request_throughput ${best.value} req/s at #${best.trial} (+${pct}% vs default)`));
    const progress = await chart(page, 'progress-0');
    const line = dataset(progress, 'best so far').data;
    for (let k = 1; k < line.length; k++) assert.ok(line[k].y >= line[k - 1].y, 'maximised objective: best-so-far never falls');
    assert.equal(line[line.length - 1].y, best.value);
    const violators = study.trials.filter((t) => t.status === 'ok' && !meetsSlo(t, study.slo)).map((t) => t.trial);
    assert.ok(violators.includes(0), 'the default misses the TTFT SLO');
    assert.deepEqual(trialsOf(dataset(progress, 'violates SLO or constraint').data), violators);
    await shoot(page, 'panel-slo-light-progress');

    await showTab(page, 'objectives');
    assert.equal(await page.textContent('vscode-tab-header[data-tab="objectives"]'), 'Trade-off');
    const obj = await chart(page, 'objective');
    assert.deepEqual(obj.sloLines, [{ axis: 'x', value: 2000, label: 'SLO ttft_p95 ≤ 2000' }]);
    assert.equal(obj.scales.x.type, 'logarithmic');
    assertPointsInRange(obj, 'objective');
    assertPointsInRange(progress, 'progress-0');
    assert.ok(obj.scales.x.min <= 2000 && obj.scales.x.max >= 2000, 'the SLO bound is inside the plotted range');
    assert.deepEqual(trialsOf(dataset(obj, 'best').data), [best.trial]);
    assert.equal(dataset(obj, 'meets SLO').data.length, study.trials.filter((t) => t.status === 'ok' && t.source !== 'robustness' && meetsSlo(t, study.slo)).length);
    const bp = await page.evaluate(() => (globalThis as unknown as HarnessWindow).__scootPanel.pointPosition('objective', 'best', 0));
    assert.ok(bp);
    await page.mouse.move(bp.x, bp.y);
    await page.waitForSelector(`.chart-tooltip:has-text("Trial ${best.trial} ")`);
    await shoot(page, 'panel-slo-light-tradeoff');
    for (const tab of ['parameters', 'feasibility', 'trials'] as const) {
      await showTab(page, tab);
      await shoot(page, `panel-slo-light-${tab}`);
    }
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});

test('trials stopped early: their own marker, never on the front or best, "stopped early" with bounds in the table (dark)', { skip }, async () => {
  // Two trials of the two-objective study marked as stopped early, one of them on its Pareto front:
  // their metrics become bounds, so the front must be drawn without them.
  const base = twoObjectiveStudy;
  const onFront = bruteForceFront(base).find((n) => n !== 0) as number;
  const other = base.trials.find((t) => t.status === 'ok' && t.source === 'bo' && !bruteForceFront(base).includes(t.trial))?.trial as number;
  const marked = new Set([onFront, other]);
  const study: StudySnapshot = withSummary({
    ...base,
    trials: base.trials.map((t) => (marked.has(t.trial)
      ? { ...t, earlyStop: { rule: t.trial === onFront ? 'saturation' : 'dominated', reason: `stopped trial ${t.trial} for the test`, atSeconds: 5.5, savedSeconds: 31, censored: Object.keys(t.metrics ?? {}), evidence: {} } }
      : t)),
  });
  const { page, errors } = await openPanel(browser, server, 'dark', { type: 'snapshot', snapshot: study });
  try {
    await page.waitForSelector('.study-name:has-text("llama2-13b-a100x2")');
    assert.equal(await page.textContent('[data-stat="failed"]'), 'Infeasible 8 · errors 1 · stopped early 2');
    for (const [i] of study.objectives.entries()) {
      const c = await chart(page, `progress-${i}`);
      assert.deepEqual(trialsOf(dataset(c, 'stopped early (bound)').data), [...marked].sort((a, b) => a - b));
      assertPointsInRange(c, `progress-${i}`);
    }
    await showTab(page, 'objectives');
    const obj = await chart(page, 'objective');
    assert.deepEqual(trialsOf(dataset(obj, 'stopped early (bound)').data), [...marked].sort((a, b) => a - b));
    const front = bruteForceFront(study);
    assert.ok(!front.includes(onFront));
    assert.deepEqual(trialsOf(dataset(obj, 'Pareto front').data), front);
    assert.ok(!trialsOf(dataset(obj, 'feasible').data).some((n) => marked.has(n)));
    const stoppedStyle = dataset(obj, 'stopped early (bound)');
    assert.notEqual(stoppedStyle.borderColor, dataset(obj, 'feasible').borderColor, 'drawn distinctly');
    assertPointsInRange(obj, 'objective');
    await shoot(page, 'panel-stopped-early-dark-pareto');
    await showTab(page, 'trials');
    await page.waitForSelector(`tr[data-trial="${onFront}"]`);
    assert.equal(await page.getAttribute(`tr[data-trial="${onFront}"]`, 'data-stopped-early'), 'saturation');
    assert.equal(await page.getAttribute(`tr[data-trial="${other}"]`, 'data-stopped-early'), 'dominated');
    assert.equal(await page.textContent(`tr[data-trial="${onFront}"] td.col-status`), 'stopped early');
    assert.match(await page.textContent(`tr[data-trial="${onFront}"] td.objective`) ?? '', /^≥ /);
    assert.match(await page.textContent(`tr[data-trial="${onFront}"] td.col-reason`) ?? '', /^saturation: stopped trial \d+ for the test$/);
    assert.equal(await page.getAttribute(`tr[data-trial="0"]`, 'data-stopped-early'), null);
    await shoot(page, 'panel-stopped-early-dark-trials');
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});

test('theme switch recolours charts from the new VS Code variables; empty state and snapshot', { skip }, async () => {
  const { page, host, errors } = await openPanel(browser, server, 'dark', { type: 'empty', message: 'No SCOOT study yet: run "SCOOT: Start Tuning".' });
  try {
    await page.waitForSelector('.empty-state:has-text("No SCOOT study yet")');
    assert.equal(await page.isHidden('.panel-main'), true);
    // A study that has not finished a trial yet draws empty charts, not errors.
    await host.send({ type: 'snapshot', snapshot: upTo(twoObjectiveStudy, -1, { status: 'starting', elapsedSeconds: 0 }) });
    await page.waitForSelector('vscode-tab-header[data-tab="trials"]:has-text("Trials (0)")');
    assert.equal(await page.textContent('[data-stat="budget"]'), 'Budget 0 / 37');
    assert.match(await page.textContent('[data-stat="best"]') ?? '', /ttft_mean: no feasible trial yet/);
    for (const tab of ['objectives', 'parameters', 'feasibility', 'trials', 'progress'] as const) await showTab(page, tab);
    await host.send({ type: 'snapshot', snapshot: withSummary(twoObjectiveStudy) });
    await page.waitForSelector('.panel-main:not([hidden])');
    const color = async () => dataset(await chart(page, 'progress-0'), 'best so far').borderColor;
    assert.equal(await color(), themeVariables.dark['--vscode-charts-green']);
    const setTheme = (t: ThemeName) => page.evaluate(([kind, vars]) => (globalThis as unknown as HarnessWindow).__harness.applyTheme(kind, vars), [t, themeVariables[t]] as const);
    await setTheme('light');
    await page.waitForFunction((green) => (globalThis as unknown as HarnessWindow).__scootPanel.chart('progress-0')?.datasets.find((d) => d.label === 'best so far')?.borderColor === green, themeVariables.light['--vscode-charts-green']);
    assert.equal(dataset(await chart(page, 'objective'), 'Pareto front').borderColor, themeVariables.light['--vscode-charts-green']);
    await shoot(page, 'panel-two-objective-light-progress');
    await showTab(page, 'objectives');
    await shoot(page, 'panel-two-objective-light-pareto');
    await noViolations(page, errors);
  } finally {
    await page.close();
  }
});
