// Values several views need after each update (best-so-far steps, best trials, the Pareto front),
// computed at most once per update instead of once per view.
import type { ObjectiveSpec, StudySnapshot } from '../../src/protocol/study.js';
import { improvements, type Improvement } from '../logic/best-so-far.js';
import { highlights, type Highlights } from '../logic/highlights.js';

export class Derived {
  private marks: Highlights | undefined;
  private readonly steps = new Map<string, Improvement[]>();

  constructor(private readonly snapshot: StudySnapshot) {}

  get highlights(): Highlights {
    this.marks ??= highlights(this.snapshot.trials, this.snapshot.objectives, this.snapshot.slo);
    return this.marks;
  }

  improvements(objective: ObjectiveSpec): Improvement[] {
    const key = `${objective.metric}\u0000${objective.goal}`;
    let s = this.steps.get(key);
    if (!s) {
      s = improvements(this.snapshot.trials, objective, this.snapshot.slo);
      this.steps.set(key, s);
    }
    return s;
  }

  /** The last trial that improved an objective. */
  bestTrial(objective: ObjectiveSpec): number | undefined {
    const s = this.improvements(objective);
    return s.length ? s[s.length - 1].trial : undefined;
  }
}
