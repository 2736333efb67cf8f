// Early stopping of a stress test (issue 15): while the load runs, decide from what has been measured
// so far whether the trial can still matter, and say why. Four rules, each on by default:
//
//  - saturation: the requests waiting for a first token grow steadily while requests complete
//    slower than they arrive: the queue grows without bound and every later request waits longer.
//    Saturated alone does not mean "can no longer matter": under a load no configuration keeps up
//    with (llama.cpp on the H200 at 10 req/s) the front is made of saturated trials, and fewer slots
//    trade a long queue for a short TPOT, a point of the front in its own right. So it stops a trial
//    only when a trial of the study's front kept up with the load (fully measured, completing at
//    least (1 − margin) × the arrival rate) and beats, by the margin, every objective this trial has
//    measured so far: saturated, its waits only grow and its per-token times are those of a full batch;
//  - slo: a bound of the final value (final-bounds.ts) already breaks an SLO, whatever the requests
//    still to come do;
//  - dominated: the bounds of the final objective values are beaten, by a margin, by a point of the
//    study's current Pareto set (or its best, with one objective);
//  - drain: the requests still open this long after the last one was sent are cut.
//
// The policy only decides; guarded-load.ts acts on it.

import type { LoadTracker } from './load-tracker.js';
import type { SloBound } from '../protocol/slo.js';
import type { EarlyStopRule, LoadRates, ObjectiveSpec } from '../protocol/study.js';
import { computeMetrics } from './metrics.js';
import { finalBounds } from './final-bounds.js';

export interface EarlyStopSettings {
  saturation: boolean;
  slo: boolean;
  dominated: boolean;
  /** Seconds the drain after the last request was sent may last before open requests are cut; Infinity for no cap. */
  maxDrainSec: number;
  /**
   * Relative margin of the saturation and dominance rules: completions must run this much below the
   * arrival rate and the queue grow by this fraction of it; a trial of the front kept up (and arms the
   * rule) when it completed at least (1 − margin) × the arrival rate; a dominating point must beat the
   * trial's bound by this fraction on every objective.
   */
  margin: number;
  /** Seconds of load before saturation is judged (it compares the second half of the load so far with the first). */
  minLoadSec: number;
}

export const EARLY_STOP_DEFAULTS: Readonly<EarlyStopSettings> = {
  saturation: true,
  slo: true,
  dominated: true,
  maxDrainSec: 60,
  margin: 0.1,
  minLoadSec: 4,
};

/** Every rule off: the stress test runs to its end. */
export const EARLY_STOP_OFF: Readonly<EarlyStopSettings> = { ...EARLY_STOP_DEFAULTS, saturation: false, slo: false, dominated: false, maxDrainSec: Infinity };

/** The study's current Pareto set (feasible, SLO-meeting, fully measured trials), as objective values. */
export interface FrontView {
  objectives: readonly ObjectiveSpec[];
  points: readonly FrontTrial[];
}

export interface FrontTrial {
  trial: number;
  metrics: Readonly<Record<string, number>>;
  /** How its load was served; absent for trials recorded before it was (they never arm the saturation rule). */
  loadRates?: LoadRates;
}

/** Whether a fully measured load kept up with its arrivals: completions at least (1 − margin) × the arrival rate. */
export function keptUp(rates: LoadRates | undefined, margin: number): boolean {
  return rates !== undefined && rates.arrivalPerSec > 0 && rates.completionPerSec >= (1 - margin) * rates.arrivalPerSec;
}

export interface EarlyStopContext {
  settings: EarlyStopSettings;
  slo?: Readonly<Record<string, SloBound>>;
  /** Runs with more failed requests are infeasible; the bounds assume at most this fraction fails. */
  maxErrorRate: number;
  /** Per-request deadline, which bounds how long a drain could have lasted. */
  requestTimeoutSec: number;
  front?: FrontView;
}


export interface StopDecision {
  rule: EarlyStopRule;
  /** One line: what was measured that decided it. */
  reason: string;
  /** Seconds into the load. */
  atSeconds: number;
  /** Estimated seconds of load and drain the stop saved. */
  savedSeconds: number;
  /** The figures behind the decision, by name. */
  evidence: Record<string, number>;
}

interface QueueSample {
  t: number;
  sent: number;
  waiting: number;
  completed: number;
}

/** Checks in a row the saturation signs must hold (a burst of arrivals passes, saturation does not). */
const SATURATION_CONFIRMATIONS = 4;
/**
 * Queue growth since the first second must exceed this many standard deviations of the noise of as
 * many arrivals and services. 2 let an engine completing 5 of 8 req/s run 8–9 s of a 10 s load
 * before it was caught; 1 catches it in 5 s and still stops no simulator run whose TTFT does not grow
 * with the length of the load (early-stop.test.ts, the sweep around capacity).
 */
const SATURATION_Z = 1;
/** Fit of a straight line to the queue over the second half: "steadily", not in one jump. */
const SATURATION_MIN_R2 = 0.8;
const SATURATION_MIN_WAITING = 8;

export class EarlyStopPolicy {
  private readonly samples: QueueSample[] = [];
  private saturatedChecks = 0;

  constructor(
    private readonly tracker: LoadTracker,
    private readonly context: EarlyStopContext,
  ) {}

  /** Whether any rule is on (a policy with none need not be consulted). */
  static active(settings: EarlyStopSettings): boolean {
    return settings.saturation || settings.slo || settings.dominated || Number.isFinite(settings.maxDrainSec);
  }

  /** Looks at the load now; a decision means: stop it. */
  check(): StopDecision | undefined {
    const tr = this.tracker;
    const t = tr.now() / 1000;
    this.samples.push({ t, sent: tr.sentCount, waiting: tr.waitingCount, completed: tr.completed.length });
    const { settings } = this.context;
    return (settings.saturation ? this.saturation(t) : undefined)
      ?? (settings.slo || settings.dominated ? this.bounded(t) : undefined)
      ?? this.drain(t);
  }

  private saturation(t: number): StopDecision | undefined {
    const tr = this.tracker;
    const { margin, minLoadSec } = this.context.settings;
    const front = this.context.front;
    // While no trial of the front kept up, every configuration so far saturates: saturation stops nothing.
    const keeping = front?.points.filter((p) => keptUp(p.loadRates, margin)) ?? [];
    if (!front || keeping.length === 0) return undefined;
    const arriving = tr.unsentCount > 0;
    const signs = arriving && t >= minLoadSec ? this.saturationSigns(t, margin) : undefined;
    this.saturatedChecks = signs ? this.saturatedChecks + 1 : 0;
    if (!signs || this.saturatedChecks < SATURATION_CONFIRMATIONS) return undefined;
    const measured: Readonly<Record<string, number | undefined>> = computeMetrics(tr.completed);
    const mine = front.objectives.map((o) => measured[o.metric] ?? NaN);
    if (mine.some((v) => !Number.isFinite(v))) return undefined;
    const armedBy = keeping.find((p) => beats(front.objectives, p, mine, margin));
    if (!armedBy?.loadRates) return undefined;
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const parts = front.objectives.map((o, k) => `${o.metric} ${fmt(mine[k])} vs ${fmt(armedBy.metrics[o.metric] ?? NaN)}`);
    return this.decision('saturation', t,
      `saturated: ${tr.waitingCount} requests waiting for a first token, growing ${r1(signs.slope)}/s over the last ${r1(t / 2)} s, ` +
      `while ${r1(signs.completionRate)} req/s completed against ${r1(signs.arrivalRate)} req/s arriving; ` +
      `trial ${armedBy.trial} of the front kept up with the load (${r1(armedBy.loadRates.completionPerSec)} of ${r1(armedBy.loadRates.arrivalPerSec)} req/s completed) ` +
      `and already beats what this one measured so far: ${parts.join(', ')}`,
      { waiting: tr.waitingCount, queueGrowthPerSec: signs.slope, completionRate: signs.completionRate, arrivalRate: signs.arrivalRate, r2: signs.r2, armedBy: armedBy.trial });
  }

  private saturationSigns(t: number, margin: number): { slope: number; r2: number; arrivalRate: number; completionRate: number } | undefined {
    const half = this.samples.filter((s) => s.t >= t / 2);
    if (half.length < 5) return undefined;
    const first = half[0];
    const last = half[half.length - 1];
    const span = last.t - first.t;
    if (span <= 0) return undefined;
    const arrivalRate = (last.sent - first.sent) / span;
    const completionRate = (last.completed - first.completed) / span;
    if (!(arrivalRate > 0) || completionRate > (1 - margin) * arrivalRate) return undefined;
    if (last.waiting < SATURATION_MIN_WAITING) return undefined;
    const fit = lineFit(half.map((s) => s.t), half.map((s) => s.waiting));
    if (fit.slope < margin * arrivalRate || fit.r2 < SATURATION_MIN_R2) return undefined;
    // Growth since the first second must stand out of the noise of that many arrivals and services.
    const base = this.samples.find((s) => s.t >= Math.min(1, t / 4)) ?? this.samples[0];
    const arrived = last.sent - base.sent;
    if (last.waiting - base.waiting < SATURATION_Z * Math.sqrt(2 * Math.max(1, arrived))) return undefined;
    return { slope: fit.slope, r2: fit.r2, arrivalRate, completionRate };
  }

  /** The SLO and dominance rules, both on bounds of the final metrics. */
  private bounded(t: number): StopDecision | undefined {
    const tr = this.tracker;
    if (tr.completed.length === 0 && tr.openCount === 0) return undefined;
    const { settings, slo, maxErrorRate, front } = this.context;
    const bounds = finalBounds(tr, maxErrorRate);
    const progress = `${tr.completed.length} of ${tr.total} requests done`;
    if (settings.slo && slo) {
      for (const [metric, b] of Object.entries(slo)) {
        const lower = b.max !== undefined ? bounds.lower(metric) : undefined;
        if (b.max !== undefined && lower !== undefined && lower > b.max)
          return this.decision('slo', t, `${metric} certainly misses its SLO: at least ${fmt(lower)} against at most ${fmt(b.max)} (${progress})`, { [metric]: lower, bound: b.max });
        const upper = b.min !== undefined ? bounds.upper(metric) : undefined;
        if (b.min !== undefined && upper !== undefined && upper < b.min)
          return this.decision('slo', t, `${metric} certainly misses its SLO: at most ${fmt(upper)} against at least ${fmt(b.min)} (${progress})`, { [metric]: upper, bound: b.min });
      }
    }
    if (settings.dominated && front && front.points.length > 0) {
      const own = front.objectives.map((o) => (o.goal === 'min' ? bounds.lower(o.metric) : bounds.upper(o.metric)));
      if (own.some((v) => v === undefined)) return undefined;
      const mine = own as number[];
      for (const p of front.points) {
        if (!beats(front.objectives, p, mine, settings.margin)) continue;
        const parts = front.objectives.map((o, k) => `${o.metric} ${o.goal === 'min' ? '≥' : '≤'} ${fmt(mine[k])} vs ${fmt(p.metrics[o.metric])}`);
        const evidence: Record<string, number> = { dominatedBy: p.trial };
        front.objectives.forEach((o, k) => (evidence[o.metric] = mine[k]));
        return this.decision('dominated', t, `dominated by trial ${p.trial} whatever the rest of the load does: ${parts.join(', ')} (${progress})`, evidence);
      }
    }
    return undefined;
  }

  private drain(t: number): StopDecision | undefined {
    const tr = this.tracker;
    const cap = this.context.settings.maxDrainSec;
    if (!Number.isFinite(cap) || tr.unsentCount > 0 || tr.openCount === 0) return undefined;
    const draining = t - tr.lastSendMs / 1000;
    if (draining < cap) return undefined;
    const oldest = Math.max(...tr.open().map((o) => tr.now() - o.sendMs)) / 1000;
    return this.decision('drain', t, `drain capped at ${cap} s after the last request was sent: ${tr.openCount} requests still open, the oldest for ${oldest.toFixed(1)} s`, {
      open: tr.openCount,
      oldestOpenSec: oldest,
    });
  }

  private decision(rule: EarlyStopRule, t: number, reason: string, evidence: Record<string, number>): StopDecision {
    return { rule, reason, atSeconds: t, savedSeconds: this.savedSeconds(t), evidence };
  }

  /**
   * The load and drain time the stop saves, estimated: the rest of the arrival window, or longer if
   * the requests not done yet would take longer at the recent completion rate; never more than the
   * window plus the drain cap or the request deadline, which would have ended the run anyway.
   */
  private savedSeconds(t: number): number {
    const tr = this.tracker;
    const windowLeft = Math.max(0, tr.lastScheduledMs / 1000 - t);
    const recent = this.samples.filter((s) => s.t >= t / 2);
    const span = recent.length > 1 ? recent[recent.length - 1].t - recent[0].t : 0;
    const rate = span > 0 ? (recent[recent.length - 1].completed - recent[0].completed) / span : 0;
    const remaining = tr.openCount + tr.unsentCount;
    const finishing = rate > 0 ? remaining / rate : Infinity;
    const drainLimit = Math.min(this.context.settings.maxDrainSec, this.context.requestTimeoutSec);
    const oldestOpen = tr.openCount > 0 ? Math.max(...tr.open().map((o) => tr.now() - o.sendMs)) / 1000 : 0;
    // After the window, the drain ends by the cap after the last send, or when the oldest request times out.
    const drainLeft = tr.unsentCount > 0 ? drainLimit : Math.max(0, Math.min(drainLimit - (t - tr.lastSendMs / 1000), this.context.requestTimeoutSec - oldestOpen));
    return Math.max(0, Math.min(Math.max(windowLeft, finishing), windowLeft + drainLeft));
  }
}

const fmt = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** Whether a front point is better than `values` (one per objective) by the relative margin on every objective. */
function beats(objectives: readonly ObjectiveSpec[], p: FrontTrial, values: readonly number[], margin: number): boolean {
  return objectives.every((o, k) => {
    const v = p.metrics[o.metric];
    if (v === undefined || !Number.isFinite(v)) return false;
    return o.goal === 'min' ? v * (1 + margin) <= values[k] : v >= values[k] * (1 + margin);
  });
}

/** Least-squares line through (x, y): its slope and the fraction of variance it explains. */
export function lineFit(x: readonly number[], y: readonly number[]): { slope: number; intercept: number; r2: number } {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const r2 = sxx > 0 && syy > 0 ? (sxy * sxy) / (sxx * syy) : 0;
  return { slope, intercept: my - slope * mx, r2 };
}
