// "SCOOT: <study>" pseudoterminals: the engines' own output, live. One per study, reused while open;
// what is written before VS Code opens the terminal is buffered (bounded).

import * as vscode from 'vscode';

const BUFFER_LIMIT = 1 << 20;

interface EngineTerminal {
  terminal: vscode.Terminal;
  write(text: string): void;
  dispose(): void;
}

export class EngineTerminals implements vscode.Disposable {
  private readonly terminals = new Map<string, EngineTerminal>();
  private readonly closeListener = vscode.window.onDidCloseTerminal((t) => {
    for (const [name, e] of this.terminals) if (e.terminal === t) {
      e.dispose();
      this.terminals.delete(name);
    }
  });

  get(study: string): { write(text: string): void } {
    const name = `SCOOT: ${study}`;
    const existing = this.terminals.get(name);
    if (existing) return existing;
    const emitter = new vscode.EventEmitter<string>();
    let opened = false;
    let buffer: string[] = [];
    let buffered = 0;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: emitter.event,
      open: () => {
        opened = true;
        for (const chunk of buffer) emitter.fire(chunk);
        buffer = [];
        buffered = 0;
      },
      close: () => {
        opened = false;
      },
    };
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('pulse'), isTransient: true });
    const entry: EngineTerminal = {
      terminal,
      write: (text) => {
        if (opened) emitter.fire(text);
        else if (buffered < BUFFER_LIMIT) {
          buffer.push(text);
          buffered += text.length;
        }
      },
      dispose: () => emitter.dispose(),
    };
    this.terminals.set(name, entry);
    return entry;
  }

  dispose(): void {
    this.closeListener.dispose();
    for (const e of this.terminals.values()) {
      e.terminal.dispose();
      e.dispose();
    }
    this.terminals.clear();
  }
}
