// The re-tests and the two-slot check of the real-engine results (scripts/llamacpp/retests.ts,
// two-slots.ts), on records and logs with hand-computed answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialRecord, TrialSource } from '../../../src/protocol/study.js';
import { retestReport } from '../../../scripts/llamacpp/retests.js';
import { twoSlotReport } from '../../../scripts/llamacpp/two-slots.js';
import { renderRetests, renderRetestSummary, renderTwoSlots } from '../../../scripts/llamacpp/results.js';

const OBJECTIVES = [{ metric: 'ttft_mean', goal: 'min' as const }, { metric: 'tpot_mean', goal: 'min' as const }];

function rec(trial: number, source: TrialSource, params: TrialRecord['params'], y: [number, number] | undefined, extra: Partial<TrialRecord> = {}): TrialRecord {
  return {
    trial, source, slot: 0, params, status: y ? 'ok' : 'infeasible',
    ...(y ? { metrics: { ttft_mean: y[0], tpot_mean: y[1] } } : { reasonCode: 'error-rate' }),
    startedAt: '2026-12-04T12:00:00.000Z', endedAt: '2026-12-04T12:00:30.000Z', ...extra,
  };
}

test('each choice against the default under the same arrival seeds, worst run against worst run, and the run-to-run spread', () => {
  const a = { parallel: 5 };
  const b = { parallel: 7 };
  const shared = { parallel: 2 };
  const scoot = [rec(0, 'default', {}, [1000, 5]), rec(1, 'sobol', shared, [2000, 3]), rec(2, 'bo', a, [800, 3]),
    rec(3, 'robustness', a, [600, 2], { retestOf: 2, arrivalSeed: 1 }), rec(4, 'robustness', a, [900, 4], { retestOf: 2, arrivalSeed: 2 })];
  const random = [rec(0, 'default', {}, [1200, 6]), rec(1, 'random', shared, [2200, 3]), rec(2, 'random', b, [500, 4]),
    rec(3, 'robustness', b, [400, 5], { retestOf: 2, arrivalSeed: 1 })];
  const r = retestReport(OBJECTIVES, [
    { name: 'scoot', seed: 0, records: scoot, chosenTrial: 2 },
    { name: 'random', seed: 0, records: random, chosenTrial: 2 },
    { name: 'default-seed1', seed: 1, records: [rec(0, 'default', {}, [800, 4])] },
    { name: 'default-seed2', seed: 2, records: [rec(0, 'default', {}, [600, 5])] },
  ]);
  assert.deepEqual(r.defaultSpread, { min: [600, 4], max: [1200, 6], spreadPercent: [(100 * 600) / 900, (100 * 2) / 5], runs: 4 });
  const [s, q] = r.chosen;
  // Seed 0: 800 against the mean of the two seed-0 defaults (1100): −27.27%; TPOT 3 against 5.5.
  assert.deepEqual(s.bySeed.map((x) => x.seed), [0, 1, 2]);
  assert.deepEqual(s.bySeed[0].defaultMean, [1100, 5.5]);
  assert.ok(Math.abs((s.bySeed[0].change?.[0] ?? 0) - (100 * (800 - 1100)) / 1100) < 1e-9);
  assert.deepEqual(s.bySeed[1].change, [-25, -50]);
  // Worst of the choice's three runs (900, 4) against the worst default over seeds 0–2 (1200, 6).
  const close = (x: readonly number[] | undefined, y: readonly number[]) => assert.ok(x && x.every((v, k) => Math.abs(v - y[k]) < 1e-9), `${x} vs ${y}`);
  assert.deepEqual({ ...s.worst, change: [] }, { chosen: [900, 4], default: [1200, 6], change: [], chosenRuns: 3, defaultRuns: 4 });
  close(s.worst?.change, [-25, -100 / 3]);
  // Random was re-tested at seed 1 only: its worst is against the defaults of seeds 0 and 1.
  assert.deepEqual({ ...q.worst, change: [] }, { chosen: [500, 5], default: [1200, 6], change: [], chosenRuns: 2, defaultRuns: 3 });
  close(q.worst?.change, [(-100 * 700) / 1200, -100 / 6]);
  // The default and the shared point, each measured once per study at seed 0.
  assert.equal(r.repeats.length, 2);
  assert.deepEqual(r.repeats[1].relativeDifference, [(100 * 200) / 2100, 0]);
  assert.ok(Math.abs((r.repeatMedian?.[0] ?? 0) - ((100 * 200) / 1100 + (100 * 200) / 2100) / 2) < 1e-9);

  const md = renderRetests(r);
  assert.match(md, /\| default \(base command\) \| 1\.00 s, 5\.0 ms \/ 1\.20 s, 6\.0 ms \(2 runs, mean 1\.10 s, 5\.5 ms\) \| 800 ms, 4\.0 ms \(single run\) \| 600 ms, 5\.0 ms \(single run\) \| 1\.20 s, 6\.0 ms \(worst of 4 runs\) \|/);
  assert.match(md, /\| scoot's choice, trial 2: `--parallel 5` \| 800 ms, 3\.0 ms \(single run\): −27\.3%, −45\.5% \|/);
  assert.match(md, /\| random's choice, trial 2: `--parallel 7` \| .* \| 400 ms, 5\.0 ms \(single run\): −50\.0%, \+25\.0% \| not re-tested \|/);
  assert.match(renderRetestSummary(r), /scoot's choice \(trial 2\) 900 ms, 4\.0 ms against 1\.20 s, 6\.0 ms \(−25\.0%, −33\.3%\)/);
});

test('a study that re-tests the default itself: those runs count as the default under their seeds', () => {
  const records = [rec(0, 'default', {}, [1000, 5]), rec(1, 'bo', { parallel: 5 }, [800, 3]),
    rec(2, 'robustness', { parallel: 5 }, [700, 3], { retestOf: 1, arrivalSeed: 1 }), rec(3, 'robustness', {}, [900, 4], { retestOf: 0, arrivalSeed: 1 })];
  const r = retestReport(OBJECTIVES, [{ name: 'scoot', seed: 0, records, chosenTrial: 1 }]);
  assert.deepEqual(r.defaultRuns.map((d) => [d.trial, d.seed]), [[0, 0], [3, 1]]);
  assert.deepEqual(r.chosen[0].bySeed[1].defaultMean, [900, 4]);
  assert.deepEqual(r.chosen[0].worst?.default, [1000, 5]);
});

test('two slots on one GPU: concurrent trials, their ports and logs, failures and the slowdown against the same configuration alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-two-slots-'));
  try {
    mkdirSync(join(dir, 'logs'));
    const log = (trial: number, slot: number, port: number, pid: number, body: string) =>
      writeFileSync(join(dir, 'logs', `${trial}.log`), `[scoot] pid ${pid}: llama-server --port ${port}\n[scoot] trial ${trial} on slot ${slot}, port ${port}\n0.00.9 I srv  llama_server: listening on http://127.0.0.1:${port}\n${body}[scoot] engine exited with code 0\n`);
    log(0, 0, 4000, 10, '0.30.1 W srv          stop: cancel task, id_task = 5\n0.30.2 W srv          stop: cancel task, id_task = 6\n');
    log(1, 1, 4001, 11, '0.00.7 W srv    load_model: the slot context (9216) exceeds the training context of the model (4096) - capping\n');
    log(2, 0, 4002, 12, '');
    const at = (s: number) => new Date(Date.UTC(2026, 11, 4, 12, 0, s)).toISOString();
    const records: TrialRecord[] = [
      rec(0, 'default', {}, [9000, 10], { startedAt: at(0), endedAt: at(40), status: 'infeasible', reasonCode: 'error-rate', engineMetrics: { decode_ms_per_token: 10 } }),
      rec(1, 'sobol', { parallel: 2 }, [5000, 4], { slot: 1, startedAt: at(1), endedAt: at(30), engineMetrics: { decode_ms_per_token: 4 } }),
      rec(2, 'sobol', { parallel: 3 }, [5000, 4], { startedAt: at(41), endedAt: at(60) }),
    ];
    const alone = [{ study: 'scoot', records: [rec(0, 'default', {}, [9000, 5], { engineMetrics: { decode_ms_per_token: 5 } }), rec(1, 'sobol', { parallel: 2 }, [5000, 2], { engineMetrics: { decode_ms_per_token: 2.5 } })] }];
    const t = twoSlotReport(dir, records, alone);
    assert.deepEqual(t.overlaps, [{ a: 0, b: 1, seconds: 29, sharedPort: false, sharedLog: false, sharedPid: false, sameSlot: false }]);
    assert.equal(t.isolated, true);
    assert.deepEqual(t.trials.map((x) => [x.port, x.listening, x.cancelled, x.tooLong, x.concurrentWith]), [[4000, 4000, 2, 0, [1]], [4001, 4001, 0, 0, [0]], [4002, 4002, 0, 0, []]]);
    // 10 / 5 and 4 / 2.5: median 1.8.
    assert.equal(t.decodeSlowdown, 1.8);
    const md = renderTwoSlots(t);
    assert.match(md, /1 pairs of trials ran at the same time \(0\+1 29 s\); none shared a port, a log file, a process or a slot/);
    assert.match(md, /no engine crashed/);

    // A second trial on the same port, and one whose log names another trial, break isolation.
    log(1, 1, 4000, 11, '');
    log(2, 0, 4002, 12, '');
    writeFileSync(join(dir, 'logs', '2.log'), '[scoot] trial 1 on slot 0, port 4002\n');
    const broken = twoSlotReport(dir, records, alone);
    assert.equal(broken.overlaps[0].sharedPort, true);
    assert.equal(broken.trials[2].logNamesTrial, false);
    assert.equal(broken.isolated, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
