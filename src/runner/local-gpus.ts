// The GPUs of this machine, as nvidia-smi lists them: what a starter config's target.gpus can name.
// No nvidia-smi (or no GPU) is an empty list, not an error.

import { execFileSync } from 'node:child_process';

export function localGpuIndices(): number[] {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=index', '--format=csv,noheader'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n, i, all) => isGpuIndex(n) && all.indexOf(n) === i);
  } catch {
    return [];
  }
}

function isGpuIndex(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}
