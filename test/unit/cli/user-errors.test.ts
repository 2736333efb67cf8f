// User errors are decided by type: every error that is the user's (config, CLI arguments, study folder,
// lock, set-up) is a UserError carrying its exit code and config field path, and the CLI prints it as
// one line whatever its class calls itself — a subclass that never sets `name` is no "internal error".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../../src/protocol/user-error.js';
import { CliError, failureReport } from '../../../src/cli/cli-error.js';
import { ConfigError } from '../../../src/study/load-config.js';
import { ResolveError } from '../../../src/study/resolve.js';
import { StudyError } from '../../../src/study/run-study.js';
import { StoreError } from '../../../src/study/store.js';
import { StudyLockError } from '../../../src/study/study-lock.js';
import { StudyFolderError } from '../../../src/study/study-folder.js';
import { EvaluationSetupError } from '../../../src/runner/types.js';
import { PresetError } from '../../../src/engines/preset.js';
import { WorkloadError, LoadOptionsError, TraceError } from '../../../src/workload/errors.js';
import { toWorkerError } from '../../../src/worker/serve-study.js';

test('every user-facing error class is a UserError with exit code 2', () => {
  const errors: Error[] = [
    new CliError('x'),
    new ConfigError('scoot.config.json', [{ path: ['budget', 'evaluations'], message: 'must be integer', offset: 0, length: 1 }]),
    new ResolveError('x', ['workload', 'trace']),
    new StudyError('x'),
    new StoreError('x'),
    new StudyLockError('x'),
    new StudyFolderError('x'),
    new EvaluationSetupError('x'),
    new PresetError('x'),
    new WorkloadError('x'),
    new TraceError('x'),
    new LoadOptionsError('x'),
  ];
  for (const e of errors) {
    assert.ok(e instanceof UserError, `${e.constructor.name} is a UserError`);
    assert.equal((e as UserError).exitCode, 2, e.constructor.name);
    assert.equal(failureReport(e, false).text, `scoot: ${e.message}\n`);
  }
  assert.deepEqual(new ConfigError('f', [{ path: ['budget', 'evaluations'], message: 'm', offset: 0, length: 1 }]).path, ['budget', 'evaluations']);
  assert.deepEqual(new ResolveError('m', ['constraints', 1]).path, ['constraints', 1]);
  assert.equal(new CliError('m', 3).exitCode, 3);
});

test('a user error whose class never sets its name is still one line with its exit code; other errors are internal', () => {
  class Nameless extends UserError {}
  const mine = failureReport(new Nameless('parameters.x.default: 9 is outside [0, 4]', { exitCode: 2 }), false);
  assert.deepEqual(mine, { text: 'scoot: parameters.x.default: 9 is outside [0, 4]\n', exitCode: 2 });
  const internal = failureReport(new TypeError('cannot read properties of undefined'), false);
  assert.equal(internal.exitCode, 1);
  assert.match(internal.text, /^scoot: internal error: cannot read properties of undefined \(set SCOOT_DEBUG=1/);
});

test('the worker tells the extension which errors are the user\'s, with the config path', () => {
  assert.deepEqual(toWorkerError(new ResolveError('constraints[1]: bad', ['constraints', 1])), { name: 'ResolveError', message: 'constraints[1]: bad', user: true, path: ['constraints', 1] });
  assert.deepEqual(toWorkerError(new StudyLockError('in use')), { name: 'StudyLockError', message: 'in use', user: true });
  assert.deepEqual(toWorkerError(new RangeError('boom')), { name: 'RangeError', message: 'boom', user: false });
});
