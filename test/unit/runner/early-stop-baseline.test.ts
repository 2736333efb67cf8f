// Which early-stop rules a trial runs under (trialEarlyStop): a base-command baseline — the reference
// every result is measured against — always runs to its end; a re-test keeps only the drain cap.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EARLY_STOP_DEFAULTS, EARLY_STOP_OFF } from '../../../src/workload/early-stop.js';
import { trialEarlyStop } from '../../../src/runner/server-trial.js';
import type { WorkloadSetup } from '../../../src/runner/types.js';

const workload = { earlyStop: { ...EARLY_STOP_DEFAULTS, maxDrainSec: 10 }, maxErrorRate: 0.05, requestTimeoutSec: 30 } as unknown as WorkloadSetup;

test('a base-command default is never stopped early; an in-space default and tuning trials run under the configured rules', () => {
  assert.deepEqual(trialEarlyStop(workload, { source: 'default' }, 'base-command').settings, EARLY_STOP_OFF);
  assert.deepEqual(trialEarlyStop(workload, { source: 'default' }, 'space-defaults').settings, workload.earlyStop);
  assert.deepEqual(trialEarlyStop(workload, { source: 'bo' }, 'base-command').settings, workload.earlyStop);
  assert.deepEqual(trialEarlyStop(workload, { source: 'robustness' }, 'base-command').settings, { ...EARLY_STOP_DEFAULTS, maxDrainSec: 10, saturation: false, slo: false, dominated: false });
});
