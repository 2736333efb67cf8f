// The real `scoot tune` (dist/cli.js) on an SSH target (a throwaway sshd on 127.0.0.1, sshd.ts):
// Ctrl-C mid-trial, once (graceful stop) or twice (kill at once), leaves no remote process.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { processesWith, startCli, workspace, writeTrace } from '../cli/cli-helpers.js';
import { REPO, SIM_BIN } from './helpers.js';
import { sshdUnavailable, startSshd, type TestSshd } from './sshd.js';

const skip = sshdUnavailable();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}

describe('scoot tune on an SSH target', { skip }, () => {
  let sshd: TestSshd;
  before(async () => {
    sshd = await startSshd();
  });
  after(async () => {
    await sshd?.stop();
  });

  async function interruptedCli(t: { after(fn: () => Promise<void>): void }, interrupt: (child: ChildProcess) => void): Promise<{ code: number | null; stderr: string; marker: string }> {
    const dir = await workspace(t);
    await writeTrace(dir);
    const marker = `scoot-ssh-cli-${randomBytes(4).toString('hex')}`;
    const config = {
      name: 'ssh-cli',
      engine: {
        type: 'sim',
        // The remote host runs the simulator from this checkout (workDir), where tsx resolves.
        command: [process.execPath, '--import', 'tsx', SIM_BIN, '--model-profile', 'llama2-7b', '--gpu', 'a100-80g', '--num-gpus', '1', '--max-model-len', '4096', '--startup-seconds', '0.2', '--served-model-name', marker],
        readyTimeoutSec: 60,
      },
      target: { type: 'ssh', hosts: [{ host: sshd.alias, gpus: [0, 1], workDir: REPO }], sshConfig: sshd.configFile },
      objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'tpot_mean', goal: 'min' }],
      workload: { trace: 'trace.jsonl', rate: 4, durationSec: 60, warmupRequests: 1, requestTimeoutSec: 20, longestOutputs: 1 },
      budget: { evaluations: 4, parallel: 2 },
      optimizer: { seed: 3 },
    };
    writeFileSync(join(dir, 'scoot.config.json'), JSON.stringify(config));
    const { child, done } = startCli(['tune'], dir);
    const log = (n: number): string => {
      const p = join(dir, '.scoot', 'ssh-cli', 'logs', `${n}.log`);
      return existsSync(p) ? readFileSync(p, 'utf8') : '';
    };
    const underLoad = await until(() => [0, 1].every((n) => (log(n).match(/POST \/v1\/completions/g)?.length ?? 0) >= 2), 120_000);
    assert.ok(underLoad, `two trials under load: ${log(0).slice(-300)} | ${log(1).slice(-300)}`);
    assert.match(log(1), /CUDA_VISIBLE_DEVICES=1/, 'the second slot runs on the second GPU');
    assert.ok(processesWith(marker).length >= 2, 'both engines run');
    interrupt(child);
    const run = await done;
    return { code: run.code, stderr: run.stderr, marker };
  }

  it('Ctrl-C mid-trial stops every remote engine before the CLI exits', { timeout: 180_000 }, async (t) => {
    const run = await interruptedCli(t, (child) => child.kill('SIGINT'));
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(processesWith(run.marker), [], 'no remote process left');
  });

  it('a second Ctrl-C kills at once and still leaves no remote process', { timeout: 180_000 }, async (t) => {
    const run = await interruptedCli(t, (child) => {
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 200);
    });
    assert.equal(run.code, 130, run.stderr);
    assert.ok(await until(() => processesWith(run.marker).length === 0, 10_000), `no remote process left: ${processesWith(run.marker).join('\n')}`);
  });
});
