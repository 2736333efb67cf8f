// The webview's handle on VS Code: acquireVsCodeApi() may be called once per page, so main.ts calls it
// and everything else gets this typed wrapper.
import type { PanelToHost, PanelViewState } from '../src/protocol/webview.js';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

export interface HostChannel {
  post(message: PanelToHost): void;
  getState(): PanelViewState | undefined;
  setState(state: PanelViewState): void;
}

function isViewState(v: unknown): v is PanelViewState {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => {
      const s = api.getState();
      return isViewState(s) ? s : undefined;
    },
    setState: (state) => api.setState(state),
  };
}
