// The JSON schema of scoot.config.json. Written once, here; ajv validates with it, and the build
// writes it to dist/schema/ for `contributes.jsonValidation`. Typed as JSONSchemaType<ScootConfig>,
// so any drift between the schema and the loader's types is a compile error.

import type { JSONSchemaType } from 'ajv';
import type { ParamSpec } from '../core/types.js';
import type { ScootConfig, TargetConfig } from './config.js';
import { METRIC_NAMES } from '../protocol/metrics.js';
import { API_KINDS, ARRIVAL_PROCESSES } from '../protocol/workload.js';
import { SUGGESTER_NAMES } from '../core/suggesters/index.js';

const description = { type: 'string', nullable: true } as const;
const positiveNumber = { type: 'number', exclusiveMinimum: 0 } as const;

const paramSpec: JSONSchemaType<ParamSpec> = {
  oneOf: [
    {
      type: 'object',
      description: 'Integer parameter.',
      properties: {
        type: { type: 'string', const: 'int' },
        min: { type: 'integer' },
        max: { type: 'integer' },
        log: { type: 'boolean', nullable: true, description: 'Search on a log scale (min must be > 0).' },
        step: { type: 'integer', minimum: 1, nullable: true },
        default: { type: 'integer', nullable: true, description: "The engine's default value." },
        description,
      },
      required: ['type', 'min', 'max'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'Real-valued parameter.',
      properties: {
        type: { type: 'string', const: 'float' },
        min: { type: 'number' },
        max: { type: 'number' },
        log: { type: 'boolean', nullable: true },
        step: { ...positiveNumber, nullable: true },
        default: { type: 'number', nullable: true },
        description,
      },
      required: ['type', 'min', 'max'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'One of a list of values.',
      properties: {
        type: { type: 'string', const: 'enum' },
        values: { type: 'array', items: { type: ['string', 'number'] } as never, minItems: 1 },
        default: { type: ['string', 'number'], nullable: true } as never,
        description,
      },
      required: ['type', 'values'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'On/off flag.',
      properties: {
        type: { type: 'string', const: 'bool' },
        default: { type: 'boolean', nullable: true },
        description,
      },
      required: ['type'],
      additionalProperties: false,
    },
  ],
} as JSONSchemaType<ParamSpec>;

const target: JSONSchemaType<TargetConfig> = {
  oneOf: [
    {
      type: 'object',
      description: 'Run engines on this machine, one trial per group of GPUs.',
      properties: {
        type: { type: 'string', const: 'local' },
        gpus: { type: 'array', items: { type: 'integer', minimum: 0 }, nullable: true, description: 'GPU indices to use (CUDA_VISIBLE_DEVICES numbering).' },
        slotsPerGpu: {
          type: 'integer',
          minimum: 1,
          nullable: true,
          description: 'Trials that may share each group of GPUs (default 1: never). More than 1 checks parallel mechanics on one GPU, or fits engines too small to fill one; their timings then interfere.',
        },
      },
      required: ['type'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'Run engines on SSH hosts (uses the system ssh client and ~/.ssh/config).',
      properties: {
        type: { type: 'string', const: 'ssh' },
        hosts: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: {
              host: { type: 'string', minLength: 1 },
              gpus: { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1 },
              user: { type: 'string', nullable: true },
              port: { type: 'integer', minimum: 1, maximum: 65535, nullable: true },
              identityFile: { type: 'string', nullable: true },
              workDir: { type: 'string', nullable: true },
            },
            required: ['host', 'gpus'],
            additionalProperties: false,
          },
        },
        loadFrom: { type: 'string', enum: ['local', 'remote'], nullable: true },
        sshConfig: { type: 'string', nullable: true, description: 'An ssh config file used instead of ~/.ssh/config (ssh -F); relative to this file.' },
      },
      required: ['type', 'hosts'],
      additionalProperties: false,
    },
    {
      type: 'object',
      description: 'Run each trial as a Slurm job.',
      properties: {
        type: { type: 'string', const: 'slurm' },
        partition: { type: 'string', nullable: true },
        account: { type: 'string', nullable: true },
        timeLimit: { type: 'string', nullable: true, pattern: '^(\\d+-)?\\d+(:\\d{2}){0,2}$' },
        maxJobs: { type: 'integer', minimum: 1, nullable: true },
        extraArgs: { type: 'array', items: { type: 'string' }, nullable: true },
      },
      required: ['type'],
      additionalProperties: false,
    },
  ],
} as JSONSchemaType<TargetConfig>;

export const configSchema: JSONSchemaType<ScootConfig> = {
  $id: 'https://scoot.dev/schema/scoot.config.json',
  title: 'SCOOT tuning configuration',
  type: 'object',
  properties: {
    $schema: { type: 'string', nullable: true },
    name: { type: 'string', nullable: true, pattern: '^[A-Za-z0-9._-]+$', description: 'Study name; the study is stored in .scoot/<name>/.' },
    engine: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['vllm', 'sglang', 'trtllm', 'llamacpp', 'sim', 'command'], description: 'Engine preset.' },
        version: { type: 'string', nullable: true, description: 'Preset flag-set version, e.g. "0.11" (vLLM V1) or "0.5".' },
        command: { type: 'array', items: { type: 'string' }, minItems: 1, nullable: true, description: 'Base argv; tuned flags are appended.' },
        launchFile: { type: 'string', nullable: true, description: 'Launch script holding the engine command.' },
        evaluate: { type: 'array', items: { type: 'string' }, minItems: 1, nullable: true, description: '`command` engines: argv printing a JSON object of metrics as its last line; {param} placeholders.' },
        model: { type: 'string', nullable: true },
        env: { type: 'object', additionalProperties: { type: 'string' }, required: [], nullable: true },
        host: { type: 'string', nullable: true },
        port: { type: 'integer', minimum: 1, maximum: 65535, nullable: true },
        readyTimeoutSec: { ...positiveNumber, nullable: true },
        trialTimeoutSec: {
          ...positiveNumber,
          nullable: true,
          description: 'Wall-clock limit of one evaluation in seconds, any engine and target; past it the trial is stopped and recorded infeasible ("timeout"). Default: readyTimeoutSec + the load duration + a drain margin + teardown.',
        },
        maxLogMB: { ...positiveNumber, nullable: true, description: "Cap of each trial's log in MB (default 64); past it the output is left out and the log says so." },
        gpusPerTrial: { type: 'integer', minimum: 1, nullable: true },
      },
      required: ['type'],
      additionalProperties: false,
    },
    target: { type: 'object', nullable: true, required: ['type'], oneOf: target.oneOf } as never,
    parameters: {
      type: 'object',
      nullable: true,
      required: [],
      additionalProperties: { anyOf: [paramSpec, { type: 'boolean', const: false }] } as never,
    },
    fixed: {
      type: 'object',
      nullable: true,
      required: [],
      additionalProperties: { type: ['number', 'boolean', 'string'] } as never,
    },
    constraints: { type: 'array', items: { type: 'string', minLength: 1 }, nullable: true },
    objectives: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          // Any name is allowed for `command` engines (their benchmark prints its own metrics); the
          // loader checks server engines against the known names. The enum drives IntelliSense.
          metric: { type: 'string', anyOf: [{ enum: [...METRIC_NAMES] }, { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }] } as never,
          goal: { type: 'string', enum: ['min', 'max'] },
        },
        required: ['metric', 'goal'],
        additionalProperties: false,
      },
    },
    slo: {
      type: 'object',
      nullable: true,
      required: [],
      propertyNames: { anyOf: [{ enum: [...METRIC_NAMES] }, { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }] } as never,
      additionalProperties: {
        type: 'object',
        properties: { max: { type: 'number', nullable: true }, min: { type: 'number', nullable: true } },
        required: [],
        minProperties: 1,
        additionalProperties: false,
      },
    },
    workload: {
      type: 'object',
      nullable: true,
      description: 'The trace and load of each stress test. Required for every engine but "command", whose benchmark makes its own load.',
      properties: {
        trace: { type: 'string', minLength: 1, description: 'Trace file (JSONL or ShareGPT JSON), relative to this file.' },
        rate: { ...positiveNumber, nullable: true, description: 'Mean arrival rate (requests/s).' },
        durationSec: { ...positiveNumber, nullable: true },
        count: { type: 'integer', minimum: 1, nullable: true },
        arrival: { type: 'string', enum: [...ARRIVAL_PROCESSES], nullable: true },
        burstiness: { ...positiveNumber, nullable: true },
        longestOutputs: { type: 'number', exclusiveMinimum: 0, maximum: 1, nullable: true },
        api: { type: 'string', enum: [...API_KINDS], nullable: true },
        warmupRequests: { type: 'integer', minimum: 0, nullable: true },
        requestTimeoutSec: { ...positiveNumber, nullable: true },
        maxErrorRate: { type: 'number', minimum: 0, maximum: 1, nullable: true },
        seed: { type: 'integer', nullable: true },
      },
      required: ['trace'],
      additionalProperties: false,
    },
    budget: {
      type: 'object',
      properties: {
        evaluations: { type: 'integer', minimum: 1, description: 'Trials in total, the default configuration included.' },
        parallel: { type: 'integer', minimum: 1, nullable: true, description: 'Trials at once (one GPU slot each).' },
        convergence: {
          type: 'object',
          nullable: true,
          description: 'Stop the study before its budget once it has converged (off unless given).',
          properties: {
            patience: { type: 'integer', minimum: 1, nullable: true, description: 'Tuning trials in a row after the initial design without improving the best value (or hypervolume) by more than tolerance.' },
            tolerance: { type: 'number', minimum: 0, nullable: true, description: 'Relative improvement that counts (default 1e-8: any improvement above rounding).' },
            regretBound: { ...positiveNumber, nullable: true, description: 'One objective: stop when the surrogate bounds the regret left below this fraction of the observed range.' },
          },
          required: [],
          minProperties: 1,
          additionalProperties: false,
        },
      },
      required: ['evaluations'],
      additionalProperties: false,
    },
    robustness: {
      type: 'object',
      nullable: true,
      properties: {
        repeats: { type: 'integer', minimum: 0 },
        top: { type: 'integer', minimum: 1, nullable: true },
      },
      required: ['repeats'],
      additionalProperties: false,
    },
    optimizer: {
      type: 'object',
      nullable: true,
      properties: {
        algorithm: { type: 'string', enum: [...SUGGESTER_NAMES], nullable: true },
        seed: { type: 'integer', nullable: true },
        initialDesign: { type: 'integer', minimum: 1, nullable: true },
      },
      required: [],
      additionalProperties: false,
    },
    earlyStop: {
      type: 'object',
      nullable: true,
      description: 'Stop a stress test as soon as the trial can no longer matter (on by default); the trial is kept with its metrics marked as bounds.',
      properties: {
        enabled: { type: 'boolean', nullable: true, description: 'false: every stress test runs to its end (default true).' },
        saturation: { type: 'boolean', nullable: true, description: 'Stop when waiting requests grow steadily and fewer complete than arrive, once a trial of the Pareto set kept up with the load and beats the saturated one on every objective (default true).' },
        slo: { type: 'boolean', nullable: true, description: 'Stop when an SLO is certainly missed (default true).' },
        dominated: { type: 'boolean', nullable: true, description: "Stop when the study's Pareto set certainly beats the trial (default true)." },
        maxDrainSec: { ...positiveNumber, nullable: true, description: 'Seconds after the last request is sent before requests still open are cut (default 60).' },
        margin: { type: 'number', minimum: 0, maximum: 0.9, nullable: true, description: 'Relative safety margin of the saturation and dominance rules (default 0.1).' },
        minLoadSec: { ...positiveNumber, nullable: true, description: 'Seconds of load before saturation is judged (default 4).' },
      },
      required: [],
      additionalProperties: false,
    },
  },
  required: ['engine', 'objectives', 'budget'],
  additionalProperties: false,
};
