// Probability of feasibility (POF) for the hidden constraints: a random forest regressed on 0/1
// feasibility labels (the paper's choice, via ml-random-forest). Regression rather than the library's
// classifier, whose predictProbability is off by one vote (DESIGN.md §5).

import { RandomForestRegression } from 'ml-random-forest';

interface TreeNodeView {
  left?: TreeNodeView;
  right?: TreeNodeView;
  splitColumn: number;
  splitValue: number;
  distribution: number;
}
interface ForestView {
  estimators: { root: TreeNodeView }[];
  indexes: number[][];
}

export interface FeasibilityModelOptions {
  seed?: number;
  trees?: number;
}

export class FeasibilityModel {
  private readonly forest?: ForestView;
  /** Used when every label is the same: a forest would only echo it. */
  private readonly constant?: number;

  private constructor(forest: ForestView | undefined, constant: number | undefined) {
    this.forest = forest;
    this.constant = constant;
  }

  /** X in the unit cube; labels true = feasible. */
  static fit(X: readonly (readonly number[])[], feasible: readonly boolean[], options: FeasibilityModelOptions = {}): FeasibilityModel {
    if (X.length !== feasible.length) throw new Error('feasibility model: X and labels differ in length');
    const positives = feasible.filter(Boolean).length;
    if (X.length === 0) return new FeasibilityModel(undefined, 1);
    if (positives === 0 || positives === X.length) return new FeasibilityModel(undefined, positives === 0 ? 0 : 1);
    const rf = new RandomForestRegression({
      nEstimators: options.trees ?? 32,
      maxFeatures: 1.0,
      replacement: false,
      useSampleBagging: true,
      noOOB: true,
      // ml-random-forest wants a 32-bit integer seed.
      seed: ((options.seed ?? 0) * 2654435761) >>> 1,
      // ml-cart's regression "gain" is the split's remaining error and must exceed gainThreshold (default
      // 0), so a split that separates feasible from infeasible perfectly (error 0) would be refused.
      treeOptions: { minNumSamples: 2, gainThreshold: -1 },
      selectionMethod: 'mean',
      isClassifier: false,
    });
    rf.train(
      X.map((r) => [...r]),
      feasible.map((f) => (f ? 1 : 0)),
    );
    return new FeasibilityModel(rf as unknown as ForestView, undefined);
  }

  /** POF(x) in [0, 1]. Walks the trees directly: the library's predict() goes through Matrix objects per call. */
  predict(x: readonly number[]): number {
    if (!this.forest) return this.constant ?? 1;
    const { estimators, indexes } = this.forest;
    let sum = 0;
    for (let t = 0; t < estimators.length; t++) {
      const cols = indexes[t];
      let node = estimators[t].root;
      while (node.left && node.right) node = x[cols[node.splitColumn]] < node.splitValue ? node.left : node.right;
      sum += node.distribution;
    }
    return sum / estimators.length;
  }
}
