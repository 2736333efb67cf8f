// One marker per trial source, used by every chart and the legend, so "where did this point come from"
// reads the same everywhere.
import type { TrialSource } from '../../src/protocol/study.js';
import type { Palette } from './palette.js';

export type PointShape = 'circle' | 'triangle' | 'rect' | 'rectRot' | 'star' | 'crossRot' | 'rectRounded';

export interface SourceMarker {
  label: string;
  shape: PointShape;
  color: keyof Pick<Palette, 'blue' | 'purple' | 'yellow' | 'orange' | 'green' | 'foreground' | 'red'>;
  radius: number;
}

export const sourceOrder: readonly TrialSource[] = ['default', 'sobol', 'bo', 'fill', 'robustness', 'random', 'ga', 'grid'];

const markers: Record<TrialSource, SourceMarker> = {
  default: { label: 'default', shape: 'star', color: 'yellow', radius: 8 },
  sobol: { label: 'Sobol', shape: 'triangle', color: 'purple', radius: 5 },
  bo: { label: 'BO', shape: 'circle', color: 'blue', radius: 4 },
  fill: { label: 'fill', shape: 'rect', color: 'orange', radius: 4 },
  robustness: { label: 'robustness re-test', shape: 'rectRot', color: 'green', radius: 5 },
  random: { label: 'random', shape: 'circle', color: 'foreground', radius: 4 },
  ga: { label: 'GA', shape: 'triangle', color: 'foreground', radius: 4 },
  grid: { label: 'grid', shape: 'rect', color: 'foreground', radius: 4 },
};

export function sourceMarker(source: TrialSource): SourceMarker {
  return markers[source] ?? markers.bo;
}
