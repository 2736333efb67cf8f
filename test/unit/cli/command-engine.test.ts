// A `command` engine at the CLI (issue 13, items 5 and 6): it needs no workload (its benchmark makes
// the load) and says why one given is ignored, while a server engine still requires it; and the
// closing headline and report.md quote the same figures, here with a chosen configuration that is
// certain to differ from the default.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli, simConfig, workspace, writeTrace } from './cli-helpers.js';

const BENCH = resolve(__dirname, '../../fixtures/fake-bench.mjs');

/** ttft_mean = 10 + tp: the default (tp 4) is the worst configuration there is. */
function benchConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'bench',
    engine: { type: 'command', evaluate: [process.execPath, BENCH, '--tp', '{tp}'] },
    parameters: { tp: { type: 'int', min: 1, max: 4, default: 4 } },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }],
    budget: { evaluations: 4 },
    robustness: { repeats: 2 },
    optimizer: { algorithm: 'grid', seed: 1 },
    ...extra,
  };
}

function rows(text: string, pattern: RegExp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(pattern)) if (m[1] !== 'metric') out.set(m[1], [m[2], m[3], m[4]]);
  return out;
}

test('a command engine runs without a workload; the headline and report.md quote the same worst-case figures', async (t) => {
  const dir = await workspace(t);
  writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(benchConfig()));
  const r = await runCli(['tune'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /workload/);
  assert.match(r.stdout, /Chosen configuration: trial \d+, the lowest ttft_mean\n {2}--tp 1\n/);
  assert.match(r.stdout, /against the default \(trial 0\), worst case of each over the same 3 arrival orders/i);
  const cli = rows(r.stdout, /^ {4}(\w+)\s+(.+?) → (.+?) {2}\((.+?)\)$/gm);
  const report = readFileSync(join(dir, '.scoot', 'bench', 'report.md'), 'utf8');
  const md = rows(report, /^\| (\w+) \| (.+?) \| (.+?) \| (.+?) \|/gm);
  assert.deepEqual(cli.get('ttft_mean'), ['14.0 ms', '11.0 ms', '−21.4%']);
  assert.deepEqual(md.get('ttft_mean'), cli.get('ttft_mean'));
  assert.match(report, /single run \(tuning\): default → chosen \|/);
});

test('a workload given to a command engine is ignored, with the reason; a server engine without one is refused', async (t) => {
  const dir = await workspace(t);
  await writeTrace(dir);
  writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(benchConfig({ workload: { trace: 'trace.jsonl' }, budget: { evaluations: 1 }, robustness: { repeats: 0 } })));
  const r = await runCli(['tune'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warn: workload is ignored: a "command" engine's benchmark \(engine\.evaluate\) makes its own load, so no trace is replayed; remove it from the config$/m);

  const { workload: _w, ...noWorkload } = simConfig('x');
  writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(noWorkload));
  const sim = await runCli(['tune'], dir);
  assert.equal(sim.code, 2);
  assert.equal(sim.stderr, 'scoot: workload: required for a sim engine: the trace to stress-test it with, e.g. "workload": { "trace": "traces/chat.jsonl", "rate": 10 }\n');
});
