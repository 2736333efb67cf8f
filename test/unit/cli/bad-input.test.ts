// Every bad input is one line on stderr naming the field, exit code 2, nothing written outside the
// study folder and nothing of an existing study lost. Covers the parameters (defaults, ranges, steps,
// bounds, enums), constraints no point satisfies, study names and --study folders that are not a
// study's, unknown {placeholders}, negative option values and duplicate objectives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { benchConfig, runCli, studyRecords, workspace, writeConfig } from './cli-helpers.js';

/** Every file under `dir` (but the config) with a hash of its content. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'scoot.config.json') out[relative(dir, p)] = createHash('sha1').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A workspace holding a finished study (.scoot/safe) and a user's own config.json and report.md. */
async function withStudy(t: Parameters<typeof workspace>[0]): Promise<string> {
  const dir = await workspace(t);
  await writeConfig(dir, benchConfig([], { budget: { evaluations: 2 } }));
  const r = await runCli(['tune', '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
  await writeFile(join(dir, 'config.json'), '{"mine": true}\n');
  await writeFile(join(dir, 'report.md'), '# my notes\n');
  return dir;
}

interface BadCase {
  what: string;
  config?: Record<string, unknown>;
  /** The config as text, for what JSON.stringify cannot write (1e309). */
  text?: string;
  args?: string[];
  line: RegExp;
}

async function expectRefused(dir: string, c: BadCase): Promise<void> {
  const before = snapshot(dir);
  await writeFile(join(dir, 'scoot.config.json'), c.text ?? JSON.stringify(c.config ?? benchConfig([], { budget: { evaluations: 2 } })));
  const r = await runCli(['tune', '-q', ...(c.args ?? [])], dir);
  assert.equal(r.code, 2, `${c.what}: exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${c.what}: one line, got:\n${r.stderr}`);
  assert.match(lines[0], /^scoot: /, c.what);
  assert.match(lines[0], c.line, c.what);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, c.what);
  assert.deepEqual(snapshot(dir), before, `${c.what}: nothing written, nothing of the study lost`);
}

const param = (spec: Record<string, unknown>) => benchConfig([], { budget: { evaluations: 2 }, parameters: { x: spec } });

test('parameters are validated at load: defaults, ranges, steps, bounds and enums, each with its field path', { timeout: 120_000 }, async (t) => {
  const dir = await withStudy(t);
  const cases: BadCase[] = [
    { what: 'int default outside its range', config: param({ type: 'int', min: 0, max: 20, default: 25 }), line: /parameters\.x\.default: 25 is outside \[0, 20\]/ },
    { what: 'enum default not among its values', config: param({ type: 'enum', values: [1, 2, 4], default: 3 }), line: /parameters\.x\.default: 3 is not one of the values \[1,2,4\]/ },
    { what: 'float step of 0 (not the integer rule)', config: param({ type: 'float', min: 0, max: 1, step: 0 }), line: /parameters\.x\.step: must be > 0$/ },
    { what: 'a bound of 1e309', text: JSON.stringify(param({ type: 'float', min: 0, max: 7 })).replace('"max":7', '"max":1e309'), line: /parameters\.x\.max: is too large for a number/ },
    { what: 'an empty enum', config: param({ type: 'enum', values: [] }), line: /parameters\.x\.values: an enum needs at least one value$/ },
    { what: 'a log scale from 0', config: param({ type: 'float', min: 0, max: 1, log: true }), line: /parameters\.x\.min: a log-scale range needs min > 0/ },
    { what: 'a default off its step grid', config: param({ type: 'int', min: 0, max: 20, step: 4, default: 6 }), line: /parameters\.x\.default: 6 is not on the grid of step 4/ },
    { what: 'min above max', config: param({ type: 'float', min: 2, max: 1 }), line: /parameters\.x\.min: 2 must be below max \(1\)/ },
  ];
  for (const c of cases) await expectRefused(dir, c);
});

test('constraints no configuration satisfies are a load-time error naming them', { timeout: 60_000 }, async (t) => {
  const dir = await withStudy(t);
  await expectRefused(dir, {
    what: 'contradictory constraints',
    config: benchConfig([], { budget: { evaluations: 2 }, constraints: ['x >= 15', 'x + 10 < 20'] }),
    line: /^scoot: constraints: no configuration of the parameter space satisfies them all \(constraints\[0\] "x >= 15", constraints\[1\] "x \+ 10 < 20"; \d+ configurations checked\)/,
  });
});

test('study names and --study folders that are not a study\'s are refused', { timeout: 60_000 }, async (t) => {
  const dir = await withStudy(t);
  await mkdir(join(dir, 'notes'));
  await writeFile(join(dir, 'notes', 'todo.txt'), 'keep me\n');
  const ok = benchConfig([], { budget: { evaluations: 2 } });
  await expectRefused(dir, { what: 'name ".."', config: { ...ok, name: '..' }, line: /name: "\.\." is not a study name/ });
  await expectRefused(dir, { what: 'name "."', config: { ...ok, name: '.' }, line: /name: "\." is not a study name/ });
  await expectRefused(dir, { what: '--study naming the config folder', args: ['--study', '.'], line: /--study: .* is not a study folder \(it holds "config\.json"|--study: .* is not a study folder \(it holds "\.scoot"/ });
  await expectRefused(dir, { what: '--study naming a folder of other files', args: ['--study', 'notes'], line: /--study: .*notes is not a study folder \(it holds "todo\.txt"\)/ });
  await expectRefused(dir, { what: '--study naming a file', args: ['--study', 'trace.jsonl'], line: /--study: .*trace\.jsonl is a file, not a study folder/ });
  await expectRefused(dir, { what: '--study under a file', args: ['--study', 'trace.jsonl/x'], line: /--study: .*trace\.jsonl\/x lies under a file/ });
  assert.equal(readFileSync(join(dir, 'config.json'), 'utf8'), '{"mine": true}\n');
  assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), '# my notes\n');
});

test('an unknown {placeholder}, a negative --budget and duplicate objectives are one-line errors at load', { timeout: 60_000 }, async (t) => {
  const dir = await withStudy(t);
  await expectRefused(dir, { what: 'unknown placeholder', config: benchConfig(['--tp', '{tensor-parallel}'], { budget: { evaluations: 2 } }), line: /^scoot: engine\.evaluate\[5\]: \{tensor-parallel\} is not a parameter \(parameters: x\)/ });
  await expectRefused(dir, { what: '--budget -2', args: ['--budget', '-2'], line: /^scoot: --budget must be an integer >= 1, got "-2"$/ });
  await expectRefused(dir, {
    what: 'duplicate objectives',
    config: benchConfig([], { budget: { evaluations: 2 }, objectives: [{ metric: 'ttft_mean', goal: 'min' }, { metric: 'ttft_mean', goal: 'min' }] }),
    line: /^scoot: objectives\[1\]: "ttft_mean" is listed twice$/,
  });
  const records = await studyRecords(join(dir, '.scoot', 'safe'));
  assert.equal(records.length, 2, 'the existing study is intact');
});
