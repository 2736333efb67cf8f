// Values several views need after each update (best-so-far steps, the chosen trial, the Pareto set),
// computed at most once per update instead of once per view.
import type { ObjectiveSpec, StudySnapshot } from '../../src/protocol/study.js';
import { improvements, type Improvement } from '../logic/best-so-far.js';
import { highlights, type Highlights } from '../logic/highlights.js';

export class Derived {
  private marks: Highlights | undefined;
  private readonly steps = new Map<string, Improvement[]>();

  constructor(private readonly snapshot: StudySnapshot) {}

  get highlights(): Highlights {
    this.marks ??= highlights(this.snapshot);
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

  /** The configuration the study chose (summary.json's best). */
  get chosenTrial(): number | undefined {
    return this.highlights.chosen;
  }
}
