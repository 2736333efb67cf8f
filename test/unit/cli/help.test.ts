// Help and docs (issue 13, item 8): the top-level help ends with its own pointer, not a stray line of
// another command's; each command's help is wrapped to width (no paragraph broken mid-sentence) and
// lists every option the command accepts; the README's CLI synopsis lists them too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { runCli } from './cli-helpers.js';

/** Every option each command's parser accepts (args.ts rejects any other). */
const OPTIONS: Record<string, string[]> = {
  tune: ['-c', '--config', '--demo', '--budget', '--parallel', '--optimizer', '--seed', '--study', '--resume', '--json', '-q', '--quiet', '-h', '--help'],
  report: ['--study', '-c', '--config', '--json', '-h', '--help'],
  apply: ['--study', '-c', '--config', '--trial', '--file', '--dry-run', '-h', '--help'],
  init: ['--from', '--trace', '-o', '--output', '--force', '-h', '--help'],
};

test('top-level help: the commands, its options, and a pointer to each command\'s help as its last line', async () => {
  const r = await runCli(['--help'], tmpdir());
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stdout, /Usage: scoot tune/);
  assert.equal(r.stdout.trimEnd().split('\n').at(-1), 'Run `scoot <command> --help` for a command\'s options.');
  for (const command of Object.keys(OPTIONS)) assert.match(r.stdout, new RegExp(`^  ${command} `, 'm'));
});

for (const [command, options] of Object.entries(OPTIONS)) {
  test(`scoot ${command} --help: every option, wrapped to width`, async () => {
    const r = await runCli([command, '--help'], tmpdir());
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^Usage: scoot ${command} `));
    for (const line of lines) assert.ok(line.length <= 100, `${command} --help: a ${line.length}-character line: ${line}`);
    // Prose paragraphs are filled: only a paragraph's last line may stop short.
    const prose = r.stdout.slice(r.stdout.indexOf('\n\n') + 2, r.stdout.indexOf('\nOptions:'));
    for (const paragraph of prose.trim().split('\n\n')) {
      const rows = paragraph.split('\n');
      rows.slice(0, -1).forEach((row) => assert.ok(row.length >= 60, `${command} --help breaks a sentence early: "${row}"`));
    }
    const optionBlock = r.stdout.slice(r.stdout.indexOf('\nOptions:'));
    for (const option of options) assert.match(optionBlock, new RegExp(`(^|[\\s,])${option}(?=[\\s,])`, 'm'), `${command} --help lists ${option}`);
  });
}

test('the README\'s CLI synopsis lists every option of every command', () => {
  const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
  const synopsis = /```text\n(scoot tune[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(synopsis, 'a synopsis block starting with `scoot tune`');
  const blocks = synopsis.split(/\n(?=scoot )/);
  for (const [command, options] of Object.entries(OPTIONS)) {
    const block = blocks.find((b) => b.startsWith(`scoot ${command} `));
    assert.ok(block, `scoot ${command} in the synopsis`);
    // The short forms of long options the synopsis names (-q for --quiet, -o for --output) count.
    for (const option of options.filter((o) => !['-h', '--help', '--quiet', '--config', '--output'].includes(o))) {
      assert.match(block, new RegExp(`[\\[ |]${option}[\\] ]`), `synopsis of scoot ${command} lists ${option}`);
    }
  }
});
