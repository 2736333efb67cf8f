import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchOptimizerCommand } from '../../../src/cli/commands/bench-optimizer.js';

test('benchOptimizerCommand --json: a table, then exactly the issue\'s JSON object on the last stdout line', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await benchOptimizerCommand(['--json', '--problems', 'branin,branin-currin', '--suggesters=random,grid', '--seeds', '3', '--evaluations', '10', '--workers', '1'], {
    stdout: (l) => out.push(...l.split('\n')),
    stderr: (l) => err.push(l),
  });
  assert.equal(code, 0, err.join('\n'));
  assert.match(out.join('\n'), /branin-currin\s+grid\s+hv/);
  const json = JSON.parse(out[out.length - 1]) as { results: Record<string, unknown>[]; latency: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(json).sort(), ['latency', 'results']);
  assert.equal(json.results.length, 4);
  for (const r of json.results) {
    assert.deepEqual(Object.keys(r).sort(), ['infeasibleFraction', 'median', 'metric', 'p25', 'p75', 'problem', 'suggester']);
    assert.ok(typeof r.median === 'number' && typeof r.p25 === 'number' && typeof r.p75 === 'number');
    assert.ok((r.p25 as number) <= (r.median as number) && (r.median as number) <= (r.p75 as number));
  }
  assert.deepEqual(json.results.map((r) => `${r.problem}/${r.suggester}/${r.metric}`), ['branin/random/regret', 'branin/grid/regret', 'branin-currin/random/hv', 'branin-currin/grid/hv']);
  assert.deepEqual(json.latency.map((l) => `${l.n}/${l.d}/${l.q}`), ['30/12/1', '30/12/4', '100/12/1', '100/12/4', '200/12/1', '200/12/4']);
  for (const l of json.latency) assert.deepEqual(Object.keys(l).sort(), ['d', 'medianSeconds', 'n', 'q']);
  assert.ok(err.some((l) => l.startsWith('[12/12] branin-currin grid seed 2: hv ')), err.join('\n'));
});

test('bad arguments are one-line errors with exit code 2', async () => {
  const cases: [string[], RegExp][] = [
    [['--seeds', '0'], /--seeds needs a positive integer, got "0"/],
    [['--problems', 'branin,rastrigin'], /unknown problem "rastrigin"/],
    [['--suggesters', 'random,annealing'], /unknown optimizer "annealing"; choose from scoot, vbo, random, ga, grid/],
    [['--fast'], /unknown option "--fast"/],
    [['--worker'], /--worker is internal/],
  ];
  for (const [argv, message] of cases) {
    const err: string[] = [];
    const code = await benchOptimizerCommand(argv, { stdout: () => undefined, stderr: (l) => err.push(l) });
    assert.equal(code, 2, argv.join(' '));
    assert.equal(err.length, 1);
    assert.match(err[0], message);
    assert.ok(!err[0].includes('\n'));
  }
  const out: string[] = [];
  assert.equal(await benchOptimizerCommand(['--help'], { stdout: (l) => out.push(l) }), 0);
  assert.match(out[0], /usage: scoot bench optimizer/);
});
