// Slurm job slots and the sbatch command line (no cluster needed).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset } from '../../../src/engines/index.js';
import { createSlurmSlots } from '../../../src/runner/remote-slots.js';
import { studyLabelFromLog } from '../../../src/runner/remote/study-name.js';
import { SlurmEvaluator } from '../../../src/runner/slurm/evaluate-slurm.js';
import { sbatchArgs } from '../../../src/runner/slurm/slurm-commands.js';
import { EvaluationSetupError } from '../../../src/runner/types.js';
import { simSetup } from './helpers.js';

describe('Slurm slots', () => {
  it('one slot per job in flight, each holding gpusPerTrial job-relative GPUs', () => {
    const slots = createSlurmSlots({ partition: 'debug', jobs: 3, gpusPerTrial: 2 });
    assert.deepEqual(
      slots.map((s) => [s.id, s.kind, s.gpus, s.host]),
      [
        [0, 'slurm', [0, 1], 'debug'],
        [1, 'slurm', [0, 1], 'debug'],
        [2, 'slurm', [0, 1], 'debug'],
      ],
    );
    assert.equal(slots[0].label, 'job slot 0 (debug, 2 GPUs)');
    assert.throws(() => createSlurmSlots({ jobs: 0, gpusPerTrial: 1 }), /target.maxJobs \(or budget.parallel\) must be a positive integer, got 0/);
  });
});

describe('sbatch command line', () => {
  it('asks for the GPUs with --gres, names the job, and lets extra arguments override', () => {
    const args = sbatchArgs({
      jobName: 'scoot-s-3',
      gpus: 2,
      partition: 'gpu',
      account: 'proj',
      timeLimit: '00:30:00',
      extraArgs: ['--qos=high', '--constraint=a100'],
      outputPath: '/study/work/3/job.out',
      chdir: '/cfg',
      scriptPath: '/study/work/3/job.sh',
    });
    assert.deepEqual(args, [
      '--parsable', '--job-name', 'scoot-s-3', '--gres=gpu:2', '--ntasks=1', '--output', '/study/work/3/job.out', '--chdir', '/cfg',
      '--partition', 'gpu', '--account', 'proj', '--time', '00:30:00', '--qos=high', '--constraint=a100', '/study/work/3/job.sh',
    ]);
  });

  it('labels jobs with the study folder name, made safe for job names', () => {
    assert.equal(studyLabelFromLog('/w/.scoot/bot-a100x2/logs/4.log'), 'bot-a100x2');
    assert.equal(studyLabelFromLog('/w/.scoot/my study!/logs/4.log'), 'my-study');
  });

  it('rejects a time limit Slurm would not take, and engines without a server', () => {
    assert.throws(() => new SlurmEvaluator(simSetup(), { type: 'slurm', timeLimit: '30 minutes' }), (e: Error) => e instanceof EvaluationSetupError && /target.timeLimit "30 minutes" is not a Slurm time/.test(e.message));
    assert.throws(() => new SlurmEvaluator(simSetup({ preset: getPreset('command') }), { type: 'slurm' }), /does not run a server/);
  });
});
