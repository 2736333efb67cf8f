// The chosen configuration, refreshed off the event loop whenever a tuning trial ends
// (study/recommendation.ts). Trials end concurrently, so answers can arrive out of order: an answer
// about fewer records never replaces a newer one. A failed refresh keeps the previous choice.

import type { StudyRecommendation } from '../recommendation.js';

export class RecommendationTracker {
  private asked = 0;
  private shown = 0;
  private latest: StudyRecommendation | undefined;

  /** `compute` asks the suggestion service; `warn` hears why a refresh failed. */
  constructor(private readonly compute: () => Promise<StudyRecommendation>, private readonly warn: (message: string) => void) {}

  get current(): StudyRecommendation | undefined {
    return this.latest;
  }

  async refresh(): Promise<void> {
    const asked = ++this.asked;
    try {
      const answer = await this.compute();
      if (asked > this.shown) {
        this.shown = asked;
        this.latest = answer;
      }
    } catch (e) {
      this.warn(`could not update the chosen configuration (${e instanceof Error ? e.message : String(e)}); summary.json keeps the previous one`);
    }
  }
}
