// GPU slots on this machine, and the pool the study loop draws them from. A slot owns its GPUs for
// the whole of a trial; two slots never share a GPU, so q parallel trials never meet on one device —
// unless target.slotsPerGpu asks for it (checking parallel mechanics on one GPU, or engines too small to
// fill one), and then the slots' timings interfere.
// SSH hosts and Slurm jobs produce Slot objects of their own kind (remote-slots.ts); the pool does not care.

import { createSlurmSlots, createSshSlots } from './remote-slots.js';
import type { SlurmTargetSpec } from './slurm/evaluate-slurm.js';
import type { SshTargetSpec } from './ssh/evaluate-ssh.js';
import { EvaluationSetupError, type Slot } from './types.js';

export interface LocalSlotOptions {
  /** GPU indices the study may use (target.gpus); absent = no GPUs to hand out (simulator, `command` engines). */
  gpus?: readonly number[];
  gpusPerTrial: number;
  parallel: number;
  /** Slots sharing each group of GPUs (target.slotsPerGpu); default 1: a GPU belongs to one slot. */
  slotsPerGpu?: number;
}

function checkCount(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) throw new EvaluationSetupError(`${field} must be a positive integer, got ${value}`);
}

function checkGpuList(gpus: readonly number[]): void {
  const seen = new Set<number>();
  for (const g of gpus) {
    if (!Number.isInteger(g) || g < 0) throw new EvaluationSetupError(`target.gpus must list GPU indices (integers >= 0), got ${JSON.stringify(g)}`);
    if (seen.has(g)) throw new EvaluationSetupError(`target.gpus lists GPU ${g} twice; each GPU may appear once`);
    seen.add(g);
  }
}

/**
 * `parallel` slots of `gpusPerTrial` GPUs each, taken in list order ([0,1,2,3] with 2 per trial → {0,1},
 * {2,3}). With slotsPerGpu k, each group of GPUs hosts up to k slots, handed out round-robin so the
 * groups fill evenly ([0] with k = 2 → {0}, {0}). Without a GPU list the slots are virtual: they only
 * bound concurrency, and no CUDA_VISIBLE_DEVICES is set for them.
 */
export function createLocalSlots(options: LocalSlotOptions): Slot[] {
  const { gpus, gpusPerTrial, parallel } = options;
  const share = options.slotsPerGpu ?? 1;
  checkCount(parallel, 'budget.parallel');
  checkCount(gpusPerTrial, 'engine.gpusPerTrial');
  checkCount(share, 'target.slotsPerGpu');
  if (gpus === undefined) {
    return Array.from({ length: parallel }, (_, id) => ({ id, kind: 'local' as const, gpus: [], label: `slot ${id}` }));
  }
  checkGpuList(gpus);
  const groups = Math.floor(gpus.length / gpusPerTrial);
  if (parallel > groups * share) {
    const needed = Math.ceil(parallel / share) * gpusPerTrial;
    const sharing = share > 1 ? ` with target.slotsPerGpu ${share}` : '';
    throw new EvaluationSetupError(
      `budget.parallel ${parallel} × engine.gpusPerTrial ${gpusPerTrial} needs ${needed} GPUs${sharing} but target.gpus lists ${gpus.length} ([${gpus.join(', ')}]); lower budget.parallel or list more GPUs`,
    );
  }
  const used = Math.min(groups, parallel);
  return Array.from({ length: parallel }, (_, id) => {
    const group = id % used;
    const own = gpus.slice(group * gpusPerTrial, (group + 1) * gpusPerTrial);
    const sharedBy = Math.ceil((parallel - group) / used);
    return { id, kind: 'local' as const, gpus: own, label: `slot ${id} (GPU ${own.join(',')}${sharedBy > 1 ? `, shared by ${sharedBy} slots` : ''})` };
  });
}

/** What the runner needs to know of the config's `target` (study's TargetConfig fits this shape). */
export type TargetSpec = { type: 'local'; gpus?: readonly number[]; slotsPerGpu?: number } | SshTargetSpec | SlurmTargetSpec;

/**
 * The slots of a study's target: local GPU groups, GPU groups on SSH hosts (remote-slots.ts), or
 * Slurm jobs in flight (target.maxJobs, else `parallel`).
 */
export function createSlots(target: TargetSpec, gpusPerTrial: number, parallel: number): Slot[] {
  if (target.type === 'ssh') return createSshSlots(target.hosts, gpusPerTrial, parallel);
  if (target.type === 'slurm') return createSlurmSlots({ partition: target.partition, jobs: target.maxJobs ?? parallel, gpusPerTrial });
  return createLocalSlots({ gpus: target.gpus, gpusPerTrial, parallel, ...(target.slotsPerGpu !== undefined ? { slotsPerGpu: target.slotsPerGpu } : {}) });
}

/** The value for CUDA_VISIBLE_DEVICES, or undefined for a virtual slot. */
export function cudaVisibleDevices(slot: Slot): string | undefined {
  return slot.gpus.length > 0 ? slot.gpus.join(',') : undefined;
}

/** Raised by SlotPool.acquire when its signal aborts while waiting. */
export class SlotWaitAborted extends Error {
  override readonly name = 'SlotWaitAborted';
  constructor() {
    super('stopped while waiting for a free slot');
  }
}

interface Waiter {
  resolve(slot: Slot): void;
  reject(error: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Hands out slots first-come first-served; `acquire` waits while every slot is busy. */
export class SlotPool {
  private readonly idle: Slot[];
  private readonly busy = new Set<number>();
  private readonly waiters: Waiter[] = [];
  private readonly byId = new Map<number, Slot>();

  constructor(readonly slots: readonly Slot[]) {
    if (slots.length === 0) throw new EvaluationSetupError('no slots to run trials on');
    for (const s of slots) {
      if (this.byId.has(s.id)) throw new EvaluationSetupError(`two slots share the id ${s.id}`);
      this.byId.set(s.id, s);
    }
    this.idle = [...slots];
  }

  get size(): number {
    return this.slots.length;
  }

  get available(): number {
    return this.idle.length;
  }

  acquire(signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(new SlotWaitAborted());
    const slot = this.idle.shift();
    if (slot !== undefined) {
      this.busy.add(slot.id);
      return Promise.resolve(slot);
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new SlotWaitAborted());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  release(slot: Slot): void {
    if (this.byId.get(slot.id) !== slot || !this.busy.has(slot.id)) throw new Error(`slot ${slot.id} released but not held`);
    const waiter = this.waiters.shift();
    if (waiter) {
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(slot);
      return;
    }
    this.busy.delete(slot.id);
    this.idle.push(slot);
    // Keep slot order stable so slot 0 (the configured port) is preferred when everything is idle.
    this.idle.sort((a, b) => a.id - b.id);
  }
}
