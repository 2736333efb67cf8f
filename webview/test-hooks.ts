// Read-only views of the charts for the browser tests (test/e2e/panel): serialisable summaries of each
// Chart.js instance and the client position of any plotted point. Exposed as window.__scootPanel only
// when the page sets window.__scootTestHooks = true before loading the bundle.
import type { App } from './app.js';
import type { PanelTestHooks } from './test-hooks-types.js';
import { chartRegistry } from './ui/pane.js';

export function exposeTestHooks(app: App): void {
  const hooks: PanelTestHooks & { app: App } = {
    app,
    chartIds: () => [...chartRegistry.keys()],
    chart: (id) => {
      const c = chartRegistry.get(id);
      if (!c) return undefined;
      const cfg = c.config as { type: string };
      const plugins = c.options.plugins as { sloLines?: { lines?: { axis: string; value: number; label: string }[] } } | undefined;
      return {
        type: cfg.type,
        labels: c.data.labels?.map(String),
        datasets: c.data.datasets.map((d, i) => ({
          label: d.label ?? '',
          hidden: !c.isDatasetVisible(i),
          data: (d.data as unknown[]).map((v) => (typeof v === 'number' ? { x: i, y: v } : { ...(v as { x: number; y: number; trial?: number }) })),
          pointStyle: typeof (d as { pointStyle?: unknown }).pointStyle === 'string' ? (d as { pointStyle: string }).pointStyle : undefined,
          borderColor: typeof d.borderColor === 'string' ? d.borderColor : undefined,
          yAxisID: (d as { yAxisID?: string }).yAxisID,
        })),
        scales: Object.fromEntries(Object.entries(c.scales).map(([k, s]) => [k, { type: s.type, min: s.min, max: s.max }])),
        sloLines: plugins?.sloLines?.lines?.map((l) => ({ axis: l.axis, value: l.value, label: l.label })),
      };
    },
    pointPosition: (id, label, index) => {
      const c = chartRegistry.get(id);
      if (!c) return undefined;
      const di = c.data.datasets.findIndex((d) => d.label === label);
      const el = di < 0 ? undefined : c.getDatasetMeta(di).data[index];
      if (!el) return undefined;
      const rect = c.canvas.getBoundingClientRect();
      return { x: rect.left + el.x, y: rect.top + el.y };
    },
  };
  (globalThis as { __scootPanel?: PanelTestHooks }).__scootPanel = hooks;
}
