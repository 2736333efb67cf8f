// The counts of one `node --test` run, read from its summary, as the final "N passed, N failed" line
// (which CI reads) must show them.

/**
 * @param {string} text what the run printed: TAP ("# pass 3") when piped, spec ("ℹ pass 3") on a terminal
 * @param {number | null} code its exit code
 * @returns {{ code: number, pass: number, fail: number, skipped: number }}
 */
export function phaseCounts(text, code) {
  const count = (word) => Number(new RegExp(`^(?:#|ℹ) ${word} (\\d+)\\s*$`, 'm').exec(text)?.[1] ?? 0);
  // A suite whose hook fails reports its tests as cancelled, not failed ("# fail 0", "# cancelled 5"),
  // and a runner that dies early may print no summary at all: both are failures.
  const exit = code ?? 1;
  const fail = count('fail') + count('cancelled');
  return { code: exit, pass: count('pass'), fail: exit !== 0 && fail === 0 ? 1 : fail, skipped: count('skipped') };
}
