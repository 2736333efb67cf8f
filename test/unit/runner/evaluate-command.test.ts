// CommandEvaluator against a fake benchmark script (test/fixtures/fake-bench.mjs).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getPreset } from '../../../src/engines/index.js';
import { CommandEvaluator, parseMetricsLine } from '../../../src/runner/evaluate-command.js';
import { createEvaluator } from '../../../src/runner/create-evaluator.js';
import { LocalEvaluator } from '../../../src/runner/evaluate-local.js';
import { SlurmEvaluator } from '../../../src/runner/slurm/evaluate-slurm.js';
import { SshEvaluator } from '../../../src/runner/ssh/evaluate-ssh.js';
import { EvaluationSetupError, type EvaluationSetup, type Slot } from '../../../src/runner/types.js';
import { REPO, isGone, slot0, tempDir, trial, workload } from './helpers.js';

const FAKE_BENCH = join(REPO, 'test/fixtures/fake-bench.mjs');

function commandSetup(template: string[], over: Partial<EvaluationSetup> = {}): EvaluationSetup {
  return {
    preset: getPreset('command'),
    baseCommand: [],
    scootCommand: [],
    env: {},
    host: '127.0.0.1',
    readyTimeoutSec: 10,
    cwd: REPO,
    evaluateTemplate: template,
    workload: workload(),
    stopGraceSec: 0.5,
    ...over,
  };
}

const bench = (...rest: string[]): string[] => [process.execPath, FAKE_BENCH, ...rest];

describe('CommandEvaluator', () => {
  it('fills {param} placeholders, sets CUDA_VISIBLE_DEVICES and reads the numeric metrics of the last stdout line', async (t) => {
    const dir = tempDir(t);
    const evaluator = new CommandEvaluator(commandSetup(bench('--mode', 'ok', '--tp', '{tensor-parallel}', '--flag={use-graphs}')));
    const slot: Slot = { id: 1, kind: 'local', gpus: [4, 5, 6], label: 'slot 1 (GPU 4,5,6)' };
    const phases: string[] = [];
    const logPath = join(dir, 'logs', '1.log');
    const outcome = await evaluator.evaluate(trial(1, { 'tensor-parallel': 4, 'use-graphs': true }), slot, logPath, new AbortController().signal, {
      onPhase: (p) => phases.push(p),
    });
    assert.equal(outcome.status, 'ok', outcome.reason);
    assert.deepEqual(outcome.metrics, { ttft_mean: 14, tpot_mean: 2.5, tp: 4, flag: 1, gpus: 3 });
    assert.deepEqual(phases, ['launching', 'load', 'stopping']);
    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /--tp 4 --flag=true/);
    assert.match(log, /a warning on stderr/);
  });

  it('makes a non-zero exit infeasible with the exit code and the last stderr line', async (t) => {
    const dir = tempDir(t);
    const evaluator = new CommandEvaluator(commandSetup(bench('--mode', 'fail')));
    const outcome = await evaluator.evaluate(trial(2), slot0, join(dir, 'logs', '2.log'), new AbortController().signal);
    assert.deepEqual(
      { status: outcome.status, reason: outcome.reason, reasonCode: outcome.reasonCode },
      { status: 'infeasible', reason: 'benchmark exited with code 2: ValueError: tensor parallel size 3 does not divide 32 heads', reasonCode: 'command-failed' },
    );
  });

  it('classifies an out-of-memory failure', async (t) => {
    const dir = tempDir(t);
    const evaluator = new CommandEvaluator(commandSetup(bench('--mode', 'oom')));
    const outcome = await evaluator.evaluate(trial(3), slot0, join(dir, 'logs', '3.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'out-of-memory');
    assert.equal(outcome.reason, 'benchmark exited with code 1: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.00 GiB');
  });

  it('makes a run without a metrics line infeasible, quoting its last line', async (t) => {
    const dir = tempDir(t);
    const evaluator = new CommandEvaluator(commandSetup(bench('--mode', 'nometrics')));
    const outcome = await evaluator.evaluate(trial(4), slot0, join(dir, 'logs', '4.log'), new AbortController().signal);
    assert.equal(outcome.status, 'infeasible');
    assert.equal(outcome.reasonCode, 'no-metrics');
    assert.equal(outcome.reason, "benchmark's last stdout line is not a JSON object of numeric metrics: done, all good");
  });

  it('kills the benchmark process group on cancel, even when it ignores SIGTERM', async (t) => {
    const dir = tempDir(t);
    const evaluator = new CommandEvaluator(commandSetup(bench('--mode', 'sleep', '--stubborn')));
    const controller = new AbortController();
    let pid = 0;
    let abortedAt = 0;
    const outcome = await evaluator.evaluate(trial(5), slot0, join(dir, 'logs', '5.log'), controller.signal, {
      onOutput: (chunk) => {
        const m = /benchmark starting \(pid (\d+)\)/.exec(chunk);
        if (m && pid === 0) {
          pid = Number(m[1]);
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    assert.equal(outcome.reasonCode, 'cancelled');
    assert.ok(pid > 0 && isGone(pid));
    const seconds = (Date.now() - abortedAt) / 1000;
    assert.ok(seconds >= 0.5 && seconds < 1.5, `stopped after ${seconds} s (grace 0.5 s)`);
    assert.match(readFileSync(join(dir, 'logs', '5.log'), 'utf8'), /ignoring SIGTERM/);
  });

  it('rejects a placeholder that names no parameter, and a missing binary, as set-up errors', async (t) => {
    const dir = tempDir(t);
    const unknown = new CommandEvaluator(commandSetup(bench('--tp', '{tp}')));
    await assert.rejects(unknown.evaluate(trial(6, { 'tensor-parallel': 2 }), slot0, join(dir, '6.log'), new AbortController().signal), (e: unknown) =>
      e instanceof EvaluationSetupError && /\{tp\}, which is not a parameter/.test(e.message));
    const missing = new CommandEvaluator(commandSetup(['no-such-bench-xyz']));
    await assert.rejects(missing.evaluate(trial(7), slot0, join(dir, '7.log'), new AbortController().signal), (e: unknown) =>
      e instanceof EvaluationSetupError && e.message === 'benchmark command not found: "no-such-bench-xyz" (is it installed and on PATH?)');
    assert.throws(() => new CommandEvaluator(commandSetup([])), EvaluationSetupError);
  });

  it('parses metric lines strictly', () => {
    assert.deepEqual(parseMetricsLine('{"a": 1, "b": "x", "c": null, "d": 2.5}'), { a: 1, d: 2.5 });
    assert.equal(parseMetricsLine('[1, 2]'), undefined);
    assert.equal(parseMetricsLine('{"only": "strings"}'), undefined);
    assert.equal(parseMetricsLine('not json'), undefined);
    assert.equal(parseMetricsLine(undefined), undefined);
  });
});

describe('createEvaluator', () => {
  it('picks the evaluator from the engine type and the target; remote targets run server engines only', () => {
    assert.ok(createEvaluator(commandSetup(bench())) instanceof CommandEvaluator);
    const served = { ...commandSetup([]), preset: getPreset('sim'), baseCommand: ['scoot', 'sim', 'serve'] };
    assert.ok(createEvaluator(served, { type: 'local' }) instanceof LocalEvaluator);
    assert.ok(createEvaluator(served, { type: 'ssh', hosts: [{ host: 'gpu1', gpus: [0] }] }) instanceof SshEvaluator);
    assert.ok(createEvaluator(served, { type: 'slurm' }) instanceof SlurmEvaluator);
    assert.throws(() => createEvaluator(commandSetup(bench()), { type: 'slurm' }), /^EvaluationSetupError: engine type "command" does not run a server; target.type "slurm" runs server engines only$/);
  });
});
