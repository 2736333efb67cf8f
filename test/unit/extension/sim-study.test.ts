// The extension's real path without VS Code: the built worker and CLI bundles, a StudySession over a
// real StudyRun, and the simulated engine started through the extension's scootCommand ([node, cli.js])
// from inside the worker thread, as "SCOOT: Start Tuning" does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { StudySession } from '../../../src/extension/study/session.js';
import { StudyRun } from '../../../src/extension/study/worker-host.js';
import type { HostToPanel } from '../../../src/protocol/webview.js';
import { groupMembers } from '../../../src/runner/process-tree.js';

test('a simulated-engine study runs end to end from the extension session; engine output reaches the terminal', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scoot-sim-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const common = { bundle: true, platform: 'node' as const, target: 'node20', format: 'cjs' as const, mainFields: ['module', 'main'], logLevel: 'silent' as const };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['src/worker/worker.ts'], outfile: join(dir, 'worker.js') }),
    esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(dir, 'cli.js') }),
  ]);
  const configPath = join(dir, 'scoot.config.json');
  await writeFile(configPath, JSON.stringify({
    name: 'sim-smoke',
    engine: { type: 'sim', command: ['scoot', 'sim', 'serve', '--model-profile', 'llama2-13b', '--gpu', 'a100-80g', '--num-gpus', '2', '--startup-seconds', '0.2'], readyTimeoutSec: 30 },
    objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
    workload: { trace: resolve('traces/chat.jsonl'), rate: 5, durationSec: 2, warmupRequests: 1, requestTimeoutSec: 20 },
    budget: { evaluations: 2 },
    optimizer: { algorithm: 'random', seed: 1 },
  }));
  const panel: HostToPanel[] = [];
  const terminal: string[] = [];
  const status: string[] = [];
  let groups: number[] = [];
  let run: StudyRun | undefined;
  const session = new StudySession(
    (request, handlers) => (run = new StudyRun({ workerFile: join(dir, 'worker.js'), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, request, {
      onEvent: (e) => {
        if (e.type === 'trial-phase' && e.phase === 'load') groups = run?.processGroups ?? [];
        handlers.onEvent(e);
      },
    })),
    {
      status: { show: (s) => status.push(s.text) },
      terminal: () => ({ write: (x) => terminal.push(x) }),
      panel: { post: (m) => panel.push(m) },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      runningChanged: () => undefined,
    },
    [process.execPath, join(dir, 'cli.js')],
  );
  t.after(() => session.dispose());
  const started = session.start({ configPath, resume: false });
  await started.firstTrial;
  const result = await started.done;
  assert.equal(result.status, 'done', JSON.stringify(result));
  assert.ok(result.status === 'done');
  assert.equal(result.outcome.status, 'finished', result.outcome.error);
  const trials = panel.filter((m) => m.type === 'trial');
  assert.equal(trials.length, 2);
  assert.ok(trials.some((m) => m.type === 'trial' && m.trial.status === 'ok'), 'the simulated engine served the workload');
  assert.match(terminal.join(''), /Uvicorn running|Started server process|Avg prompt throughput|INFO/);
  assert.match(status.at(-1) ?? '', /^\$\(check\) SCOOT 2\/2/);
  assert.ok(groups.length > 0, 'the engine ran as its own process group');
  assert.ok(groups.every((g) => groupMembers(g).length === 0), 'no engine process outlives the study');
});
