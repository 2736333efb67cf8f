// The panel and summary.json must tell the same story about a study: which trials are feasible, the
// best one and the Pareto set. The recorded study (test/fixtures/studies/missing-slo-metric) has
// trials without the SLO metric, one stopped early and a default outside the known constraints: the
// cases where the two used to disagree (the panel counted a missing SLO metric as met and knew nothing
// of the constraints).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRecord } from '../../../src/protocol/study.js';
import type { ScootConfig } from '../../../src/study/config.js';
import { candidatePoints, summarize } from '../../../src/study/summary.js';
import { studyRecommendation } from '../../../src/study/recommendation.js';
import { resolveStudy } from '../../../src/study/resolve.js';
import { readStudy } from '../../../src/extension/config/study-files.js';
import { snapshotFromDisk } from '../../../src/extension/study/disk-snapshot.js';
import { Derived } from '../../../webview/model/derived.js';
import { classifyTrial, isFrontCandidate } from '../../../webview/logic/trials.js';

const fixture = join(__dirname, '..', '..', 'fixtures', 'studies', 'missing-slo-metric');

/**
 * The fixture folder with the summary.json the study writes for its records: from the records alone
 * (`scoot report`, a summary without the loop), or as the running loop writes it, with the
 * recommendation rule's choice (posterior-mean estimates, study/recommendation.ts).
 */
async function recordedStudy(loop: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-agreement-'));
  cpSync(fixture, dir, { recursive: true });
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ScootConfig;
  const records = readFileSync(join(dir, 'observations.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrialRecord);
  const resolved = await resolveStudy(config, join(dir, 'config.json'));
  const recommendation = loop ? studyRecommendation({ definition: resolved.problem, objectives: resolved.objectives, records, seed: resolved.seed }) : undefined;
  const summary = summarize({ study: resolved.name, engine: 'command', objectives: config.objectives, slo: config.slo, budget: config.budget.evaluations, records, wallSeconds: 60, suggestSeconds: 1, ...(recommendation ? { recommendation } : {}) });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return dir;
}

for (const loop of [false, true]) test(`the panel and summary.json agree on feasibility, best and Pareto set of a study with missing SLO metrics (summary ${loop ? 'as the loop writes it' : 'from the records'})`, async (t) => {
  const dir = await recordedStudy(loop);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const onDisk = await readStudy(dir);
  const summary = onDisk.summary;
  assert.ok(summary, 'summary.json was written');
  const snapshot = snapshotFromDisk(onDisk);
  assert.ok(snapshot);
  const slo = summary.slo ?? {};

  const studyFeasible = candidatePoints(onDisk.records, summary.objectives, summary.slo).map((c) => c.record.trial).sort((a, b) => a - b);
  assert.deepEqual(studyFeasible, [2, 3], 'the study: trials 1 and 7 lack ttft_p99, 5 stopped early, 6 misses the SLO, 0 violates a constraint');
  const panelFeasible = snapshot.trials.filter((r) => isFrontCandidate(r, snapshot.objectives, snapshot.slo)).map((r) => r.trial).sort((a, b) => a - b);
  assert.deepEqual(panelFeasible, studyFeasible, 'feasible trials');
  for (const r of snapshot.trials) assert.equal(classifyTrial(r, slo) === 'feasible', studyFeasible.includes(r.trial), `trial ${r.trial} drawn as ${classifyTrial(r, slo)}`);

  const marks = new Derived(snapshot).highlights;
  assert.ok(summary.best);
  assert.equal(marks.chosen, summary.best.trial, 'best');
  assert.deepEqual([...marks.front].sort((a, b) => a - b), summary.pareto.map((p) => p.trial), 'Pareto set');
  // Whatever the rule chose, it chose among the trials both call feasible.
  assert.ok(panelFeasible.includes(summary.best.trial), `best ${summary.best.trial} is feasible`);
  for (const p of summary.pareto) assert.ok(panelFeasible.includes(p.trial), `Pareto point ${p.trial} is feasible`);
});
