// The GP family's public face: fit a GP to observations, predict, condition on more points.

export { GaussianProcess, MIN_VARIANCE, type GpPrediction } from './gaussian-process.js';
export { GpError, type GpFitOptions, type PriorMean } from './fit.js';
export type { OutputTransformKind } from './output-transform.js';
