// The panel host's decisions (no vscode): answer `ready` with the running study's snapshot (or the
// latest study on disk, or an empty state), and route the panel's buttons to commands.

import type { HostToPanel, PanelToHost } from '../../protocol/webview.js';
import type { StudySnapshot } from '../../protocol/study.js';
import { COMMANDS } from '../commands/ids.js';
import type { Logger, StudySession } from '../study/session.js';

export interface PanelDeps {
  session: Pick<StudySession, 'snapshot' | 'configPath' | 'stop' | 'active'>;
  /** The study to show when none has run in this window. */
  loadIdle(): Promise<{ configPath: string; snapshot: StudySnapshot } | undefined>;
  execute(command: string, ...args: unknown[]): Promise<unknown>;
  copyFlags(configPath: string, trial: number): Promise<void>;
  saveAs(suggestedName: string, content: string): Promise<string | undefined>;
  log: Logger;
}

export const EMPTY_MESSAGE = 'No study yet. Run "SCOOT: Start Tuning" (or the "Tune with SCOOT" code lens on a launch script).';

export class PanelController {
  /** The config of the study on screen. */
  private configPath: string | undefined;

  constructor(
    private readonly deps: PanelDeps,
    private readonly post: (message: HostToPanel) => void,
  ) {}

  async handle(message: PanelToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.sendCurrent();
      case 'stop':
        this.deps.session.stop();
        return;
      case 'resume':
        await this.deps.execute(COMMANDS.resumeTuning, this.configPath ? { configPath: this.configPath } : undefined);
        return;
      case 'apply':
        await this.deps.execute(COMMANDS.applyBest, { ...(this.configPath ? { configPath: this.configPath } : {}), trial: message.trial });
        return;
      case 'copyFlags':
        if (this.configPath) await this.deps.copyFlags(this.configPath, message.trial);
        return;
      case 'export': {
        const path = await this.deps.saveAs(message.suggestedName, message.content);
        if (path) this.deps.log.info(`exported the trials as ${message.format.toUpperCase()} to ${path}`);
        return;
      }
    }
  }

  async sendCurrent(): Promise<void> {
    if (this.sendRunning()) return;
    const idle = await this.deps.loadIdle();
    // A study may have started while the disk was read (the panel opens as Start Tuning runs): its
    // live snapshot is newer than anything on disk, and an idle answer now would blank it out.
    if (this.sendRunning()) return;
    if (idle) {
      this.configPath = idle.configPath;
      this.post({ type: 'snapshot', snapshot: idle.snapshot });
      return;
    }
    this.post({ type: 'empty', message: EMPTY_MESSAGE });
  }

  private sendRunning(): boolean {
    const running = this.deps.session.snapshot;
    if (!running) return false;
    this.configPath = this.deps.session.configPath;
    this.post({ type: 'snapshot', snapshot: running });
    return true;
  }

  /** A new study started in this window: the panel follows it. */
  follow(configPath: string): void {
    this.configPath = configPath;
  }
}
