// The status-bar item's text while (and after) a study runs: trial k/N and the best so far.

import type { StudySnapshot } from '../../protocol/study.js';
import { formatMetric, shortMetric } from './metric-text.js';

export interface StatusText {
  text: string;
  tooltip: string;
}

const ICON: Record<StudySnapshot['status'], string> = {
  starting: '$(sync~spin)',
  running: '$(sync~spin)',
  stopping: '$(loading~spin)',
  finished: '$(check)',
  stopped: '$(debug-pause)',
  failed: '$(error)',
};

export function statusText(s: StudySnapshot): StatusText {
  const done = s.trials.filter((t) => t.source !== 'robustness').length;
  const retests = s.trials.length - done;
  const best = s.summary?.best;
  const bestText = best ? s.objectives.map((o) => `${shortMetric(o.metric)} ${formatMetric(o.metric, best.metrics[o.metric])}`).join(' · ') : 'no feasible trial yet';
  const phase = s.status === 'stopping' ? 'stopping' : s.status === 'stopped' ? 'stopped' : s.status === 'failed' ? 'failed' : '';
  const text = `${ICON[s.status]} SCOOT ${phase ? `${phase} ` : ''}${done}/${s.budget}${best ? ` · ${bestText}` : ''}`;
  const infeasible = s.trials.filter((t) => t.status !== 'ok').length;
  const lines = [
    `SCOOT study "${s.study}" (${s.engine}): ${s.status}`,
    `${done} of ${s.budget} trials${retests ? ` + ${retests} robustness re-tests` : ''}, ${infeasible} infeasible${s.running.length ? `, ${s.running.length} running` : ''}`,
    best ? `Best so far (trial ${best.trial}): ${bestText}` : 'No feasible configuration yet',
    ...(s.error ? [`Error: ${s.error}`] : []),
    'Click to show the tuning panel',
  ];
  return { text, tooltip: lines.join('\n') };
}
