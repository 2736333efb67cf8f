// SSH slots (GPU groups dealt round-robin across hosts, never overlapping) and the ssh command lines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSshSlots } from '../../../src/runner/remote-slots.js';
import { localForwardSpec, sshFailureHint, sshFailureLine, sshOptions, sshRunArgs } from '../../../src/runner/ssh/ssh-command.js';
import { EvaluationSetupError } from '../../../src/runner/types.js';

describe('createSshSlots', () => {
  it('cuts each host into gpusPerTrial groups and deals them round-robin across hosts', () => {
    const slots = createSshSlots(
      [
        { host: 'a', gpus: [0, 1, 2, 3] },
        { host: 'b', gpus: [4, 5], user: 'me', port: 2222 },
      ],
      2,
      3,
    );
    assert.deepEqual(
      slots.map((s) => [s.id, s.kind, s.host, s.gpus]),
      [
        [0, 'ssh', 'a', [0, 1]],
        [1, 'ssh', 'me@b:2222', [4, 5]],
        [2, 'ssh', 'a', [2, 3]],
      ],
    );
    assert.equal(slots[1].label, 'slot 1 (me@b:2222 GPU 4,5)');
  });

  it('never puts one GPU in two slots, and leaves a remainder unused', () => {
    const slots = createSshSlots([{ host: 'a', gpus: [0, 1, 2] }, { host: 'b', gpus: [0, 1, 2] }], 2, 2);
    const used = slots.map((s) => `${s.host}:${s.gpus.join(',')}`);
    assert.deepEqual(used, ['a:0,1', 'b:0,1']);
  });

  it('says how many slots the hosts offer when parallel asks for more', () => {
    assert.throws(
      () => createSshSlots([{ host: 'a', gpus: [0, 1, 2] }, { host: 'b', gpus: [0] }], 2, 2),
      (e: Error) => e instanceof EvaluationSetupError && e.message === 'budget.parallel 2 needs 2 slots of 2 GPU(s) but the SSH hosts offer 1 (a: 1, b: 0); lower budget.parallel or list more GPUs',
    );
  });

  it('rejects duplicate hosts, empty or repeated GPU lists', () => {
    assert.throws(() => createSshSlots([{ host: 'a', gpus: [0] }, { host: 'a', gpus: [1] }], 1, 1), /target.hosts lists a twice; merge its gpus into one entry/);
    assert.throws(() => createSshSlots([{ host: 'a', gpus: [] }], 1, 1), /target.hosts\[0\].gpus is empty/);
    assert.throws(() => createSshSlots([{ host: 'a', gpus: [1, 1] }], 1, 1), /lists GPU 1 twice/);
    assert.throws(() => createSshSlots([], 1, 1), /target.hosts is empty/);
  });
});

describe('ssh command lines', () => {
  it('adds only non-interactive options and what the target states; host keys stay checked', () => {
    const args = sshRunArgs({ host: 'gpu1', user: 'me', port: 2222, identityFile: 'keys/id', configFile: '~/.ssh/scoot_config' }, '/cfg', 'echo hi', ['-L', 'x']);
    assert.deepEqual(args, [
      '-F', '~/.ssh/scoot_config',
      '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3',
      '-p', '2222', '-l', 'me', '-i', '/cfg/keys/id',
      '-T', '-L', 'x', '--', 'gpu1', 'echo hi',
    ]);
    const joined = sshOptions({ host: 'h' }, '/').join(' ');
    assert.doesNotMatch(joined, /StrictHostKeyChecking|UserKnownHostsFile/);
  });

  it('forwards to IPv6 engines with brackets', () => {
    assert.equal(localForwardSpec(9000, '::1', 8000), '127.0.0.1:9000:[::1]:8000');
    assert.equal(localForwardSpec(9000, '127.0.0.1', 8000), '127.0.0.1:9000:127.0.0.1:8000');
  });

  it('picks the line that explains a failure and hints at the fix', () => {
    const stderr = 'Warning: Permanently added x\nchannel 2: open failed: connect failed\nHost key verification failed.\n';
    const line = sshFailureLine(stderr);
    assert.equal(line, 'Host key verification failed.');
    assert.match(sshFailureHint(line ?? '', { host: 'gpu1', user: 'me' }), /connect once with `ssh me@gpu1`/);
    assert.match(sshFailureHint('me@gpu1: Permission denied (publickey).', { host: 'gpu1' }), /ssh-add/);
  });
});
