// Shapes of the browser-test hooks (webview/test-hooks.ts), DOM-free so Node-side tests can import them.
export interface ChartSummary {
  type: string;
  datasets: { label: string; hidden: boolean; data: { x: number; y: number; trial?: number }[]; pointStyle?: string; borderColor?: string; yAxisID?: string }[];
  scales: Record<string, { type: string; min: number; max: number }>;
  labels?: string[];
  sloLines?: { axis: string; value: number; label: string }[];
}

export interface PanelTestHooks {
  chartIds(): string[];
  chart(id: string): ChartSummary | undefined;
  /** Client coordinates of point `index` of the dataset labelled `label`. */
  pointPosition(id: string, label: string, index: number): { x: number; y: number } | undefined;
}

