import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPalette, themeKindFromClasses, withAlpha } from '../../../webview/logic/palette.js';
import { StudyModel } from '../../../webview/model/study-model.js';
import type { StudySnapshot } from '../../../src/protocol/study.js';
import { trial } from './helpers.js';

test('theme kind from VS Code body classes', () => {
  assert.equal(themeKindFromClasses(['vscode-light']), 'light');
  assert.equal(themeKindFromClasses(['vscode-dark']), 'dark');
  assert.equal(themeKindFromClasses(['vscode-high-contrast']), 'high-contrast');
  assert.equal(themeKindFromClasses(['vscode-high-contrast', 'vscode-high-contrast-light']), 'high-contrast-light');
  assert.equal(themeKindFromClasses([]), 'dark');
});

test('palette reads the theme variables and falls back per kind', () => {
  const vars: Record<string, string> = { '--vscode-charts-red': ' #ff0000 ', '--vscode-editor-foreground': '#d4d4d4', '--vscode-font-size': '14px' };
  const p = readPalette((n) => vars[n] ?? '', 'dark');
  assert.equal(p.red, '#ff0000');
  assert.equal(p.foreground, '#d4d4d4');
  assert.equal(p.green, '#89d185');
  assert.equal(p.fontSize, 14);
  assert.equal(readPalette(() => '', 'light').green, '#388a34');
  assert.equal(withAlpha('#abc', 0.5), '#aabbcc80');
  assert.equal(withAlpha('#A1B2C3', 1), '#A1B2C3ff');
  assert.equal(withAlpha('rgba(1,2,3,0.5)', 0.2), 'rgba(1,2,3,0.5)');
});

function snap(): StudySnapshot {
  return {
    study: 's', studyDir: '/s', engine: 'sim', status: 'running', objectives: [{ metric: 'm', goal: 'min' }], slo: {},
    parameters: [], budget: 10, parallel: 2, trials: [trial(0)], elapsedSeconds: 100, etaSeconds: 50,
    running: [{ trial: 1, params: {}, source: 'sobol', slot: 0, phase: 'load', startedAt: '2025-01-01T00:00:00Z' }],
  };
}

test('model: a finished trial leaves the running list; a re-sent trial replaces its record', () => {
  const m = new StudyModel(snap(), 0);
  assert.deepEqual(m.addTrial(trial(1, { source: 'sobol' }), undefined), { kind: 'added', index: 1 });
  assert.equal(m.snapshot.running.length, 0);
  assert.deepEqual(m.addTrial(trial(1, { source: 'sobol', status: 'infeasible' }), undefined), { kind: 'replaced', index: 1 });
  assert.equal(m.trials.length, 2);
  assert.equal(m.trialByNumber(1)?.status, 'infeasible');
  m.addTrial(trial(2, { source: 'robustness' }), undefined);
  assert.equal(m.evaluatedCount, 2);
});

test('model: elapsed counts on and ETA counts down only while live', () => {
  const m = new StudyModel(snap(), 1000);
  assert.equal(m.elapsedNow(11_000), 110);
  assert.equal(m.etaNow(11_000), 40);
  assert.equal(m.etaNow(100_000), 0);
  m.setStatus('stopped', 120, undefined, undefined, 20_000);
  assert.equal(m.elapsedNow(90_000), 120);
  assert.equal(m.etaNow(90_000), undefined);
});

test('model: the snapshot given is not mutated', () => {
  const s = snap();
  const m = new StudyModel(s, 0);
  m.addTrial(trial(5), undefined);
  assert.equal(s.trials.length, 1);
});
