// The words of a load test that the config, the runner and the workload share.

/** How request arrival times are drawn: Poisson, or gamma-distributed gaps (burstiness = 1/shape). */
export const ARRIVAL_PROCESSES = ['poisson', 'gamma'] as const;
export type ArrivalProcess = (typeof ARRIVAL_PROCESSES)[number];

/** Which OpenAI endpoint the load test uses: /v1/completions or /v1/chat/completions. */
export const API_KINDS = ['completions', 'chat'] as const;
export type ApiKind = (typeof API_KINDS)[number];

export interface ChatMessage {
  role: string;
  content: string;
}
