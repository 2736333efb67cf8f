// The llama-server flags the llama.cpp mode of the simulator understands (the tuned flags of the
// `llamacpp` preset, src/engines/llamacpp.ts, with their defaults at llama.cpp d32676d7), and what the
// server makes of them at start-up: how many slots, whether they share one KV cache, and how many
// tokens each slot may hold.

export type FlashAttn = 'on' | 'off' | 'auto';

export interface LlamaCppConfig {
  /** -np; undefined = auto: 4 slots sharing one unified KV cache. */
  parallel?: number;
  /** -c; 0 = the model's training context. */
  ctxSize: number;
  /** -b (logical batch: tokens per llama_decode call). */
  batchSize: number;
  /** -ub (physical batch: tokens per graph computation). */
  ubatchSize: number;
  flashAttn: FlashAttn;
  contBatching: boolean;
}

export const LLAMACPP_DEFAULTS: LlamaCppConfig = { ctxSize: 0, batchSize: 2048, ubatchSize: 512, flashAttn: 'auto', contBatching: true };

/** Slots the server takes when -np is not given (tools/server/server.cpp). */
export const AUTO_SLOTS = 4;

export class LlamaCppConfigError extends Error {}

const FLASH_VALUES: Readonly<Record<string, FlashAttn>> = { on: 'on', off: 'off', auto: 'auto', enabled: 'on', disabled: 'off', '1': 'on', '0': 'off', '-1': 'auto' };

function positiveInt(name: string, v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 1) throw new LlamaCppConfigError(`${name} must be a positive integer, got ${String(v)}`);
  return n;
}

/** A configuration from the preset's parameter names (parallel, ctx-size, batch-size, ubatch-size, flash-attn, cont-batching). */
export function llamaCppConfig(params: Readonly<Record<string, string | number | boolean>>): LlamaCppConfig {
  const c: LlamaCppConfig = { ...LLAMACPP_DEFAULTS };
  for (const [name, v] of Object.entries(params)) {
    switch (name) {
      case 'parallel':
        c.parallel = positiveInt(name, v);
        break;
      case 'ctx-size': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new LlamaCppConfigError(`ctx-size must be an integer >= 0, got ${String(v)}`);
        c.ctxSize = n;
        break;
      }
      case 'batch-size':
        c.batchSize = positiveInt(name, v);
        break;
      case 'ubatch-size':
        c.ubatchSize = positiveInt(name, v);
        break;
      case 'flash-attn': {
        const f = FLASH_VALUES[String(v).toLowerCase()];
        if (!f) throw new LlamaCppConfigError(`flash-attn must be on, off or auto, got ${String(v)}`);
        c.flashAttn = f;
        break;
      }
      case 'cont-batching':
        if (typeof v !== 'boolean') throw new LlamaCppConfigError(`cont-batching must be true or false, got ${String(v)}`);
        c.contBatching = v;
        break;
      default:
        throw new LlamaCppConfigError(`unknown llama-server parameter "${name}"`);
    }
  }
  return c;
}

const pad256 = (n: number) => Math.ceil(n / 256) * 256;

export interface SlotLayout {
  slots: number;
  /** One KV cache shared by every slot (kv_unified: only when the slot count is automatic). */
  unified: boolean;
  /** Tokens of KV cache in all (unified) or per slot (split). */
  cacheTokens: number;
  /** The most tokens one request may hold: prompt and output together. */
  slotContext: number;
  /** n_ubatch is clamped to n_batch. */
  batch: number;
  ubatch: number;
  flash: boolean;
  contBatching: boolean;
}

/**
 * What llama-server does at start-up (src/llama-context.cpp, tools/server/server.cpp at d32676d7): a
 * context of 0 is the model's; given -np the cache is split into pad256(pad256(ctx) / N) tokens per slot,
 * capped at the training context ("the slot context (9216) exceeds the training context of the model
 * (4096) - capping" in the H200 logs); without -np, 4 slots share the whole cache. Flash attention 'auto'
 * is on for a CUDA device that supports it (an H200 does).
 */
export function slotLayout(c: LlamaCppConfig, trainingContext: number): SlotLayout {
  const ctx = pad256(c.ctxSize > 0 ? c.ctxSize : trainingContext);
  const batch = c.batchSize;
  const ubatch = Math.min(c.ubatchSize, batch);
  const common = { batch, ubatch, flash: c.flashAttn !== 'off', contBatching: c.contBatching };
  if (c.parallel === undefined) return { slots: AUTO_SLOTS, unified: true, cacheTokens: ctx, slotContext: Math.min(ctx, trainingContext), ...common };
  const perSlot = Math.min(trainingContext, pad256(ctx / c.parallel));
  return { slots: c.parallel, unified: false, cacheTokens: perSlot, slotContext: perSlot, ...common };
}
