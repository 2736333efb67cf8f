// No type or metric fact is defined twice (issue 17): scripts/check-vocabulary.ts over the repository
// finds nothing, and it does find each kind of duplicate in a small tree made to hold them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkVocabulary } from '../../../scripts/check-vocabulary.js';

const REPO = resolve(__dirname, '../../..');

test('the repository defines every type, literal set and metric fact once', () => {
  const findings = checkVocabulary(REPO);
  assert.deepEqual(findings.map((f) => `${f.rule}: ${f.message}`), []);
});

test('the check finds a type declared twice, one shape under two names, a list of literals twice and metric facts outside the table', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'scoot-vocabulary-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src', 'a'), { recursive: true });
  mkdirSync(join(root, 'webview'), { recursive: true });
  writeFileSync(join(root, 'src', 'a', 'one.ts'), [
    "export type Params = Record<string, number>;",
    "export interface Point { trial: number; value: number }",
    "export type Source = 'default' | 'bo';",
    "export const units = (m: string) => (/^(ttft|tpot)_/.test(m) ? 'ms' : '');",
  ].join('\n'));
  writeFileSync(join(root, 'webview', 'two.ts'), [
    "export type Params = Record<string, string>;",
    "export interface Mark { value: number; trial: number }",
    "export const SOURCES = ['bo', 'default'] as const;",
    "export const up = (m: string) => m === 'request_throughput' || m.endsWith('throughput');",
    "export const HIGHER = new Set(['goodput', 'output_throughput']);",
  ].join('\n'));
  const findings = checkVocabulary(root);
  const rules = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.message);
  assert.equal(rules('type-name').length, 1, findings.map((f) => f.message).join('\n'));
  assert.match(rules('type-name')[0], /^Params is declared in src\/a\/one\.ts, webview\/two\.ts/);
  assert.match(rules('shape')[0], /Point \(src\/a\/one\.ts\) and Mark \(webview\/two\.ts\)/);
  assert.match(rules('literal-set')[0], /'bo' \| 'default'/);
  const facts = rules('metric-fact');
  assert.equal(facts.length, 4, facts.join('\n'));
  assert.ok(facts.some((m) => /one\.ts:4: regular expression/.test(m)));
  assert.ok(facts.some((m) => /compares with the metric name 'request_throughput'/.test(m)));
  assert.ok(facts.some((m) => /\.endsWith\('throughput'\)/.test(m)));
  assert.ok(facts.some((m) => /a list of metric names \(goodput, output_throughput\)/.test(m)));
});
