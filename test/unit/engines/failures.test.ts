import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDRESS_IN_USE, classifyLog, GENERIC_CRASH, OUT_OF_MEMORY } from '../../../src/engines/failures.js';

test('the first pattern in list order wins, with the matching line trimmed', () => {
  const log = [
    'Traceback (most recent call last):',
    '  File "x.py", line 1, in <module>',
    '   torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.   ',
  ].join('\r\n');
  assert.deepEqual(classifyLog(log, [...OUT_OF_MEMORY, ...GENERIC_CRASH]), {
    reason: 'out-of-memory',
    summary: 'CUDA out of memory',
    line: 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.',
  });
  assert.equal(classifyLog(log, [...GENERIC_CRASH, ...OUT_OF_MEMORY])?.reason, 'crash');
});

test('older and newer PyTorch/CUDA spellings of OOM and port conflicts are recognised', () => {
  for (const line of [
    'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB',
    'RuntimeError: CUDA error: out of memory',
    'torch.OutOfMemoryError: ',
  ])
    assert.equal(classifyLog(line, OUT_OF_MEMORY)?.reason, 'out-of-memory', line);
  for (const line of ['OSError: [Errno 98] Address already in use', "ERROR:    [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use"])
    assert.equal(classifyLog(line, ADDRESS_IN_USE)?.reason, 'address-in-use', line);
  assert.equal(classifyLog('all fine\nserving', [...OUT_OF_MEMORY, ...ADDRESS_IN_USE, ...GENERIC_CRASH]), undefined);
});
