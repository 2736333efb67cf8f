// Test helper: run `src/sim/bin.ts` as a real child process and watch its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export interface SimProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `re` in stdout+stderr, rejects after `timeoutMs`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  kill(): void;
}

export function startSim(args: string[], env: Record<string, string> = {}): SimProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/sim/bin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, SCOOT_SIM_STARTUP_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    output: () => text,
    waitFor(re, timeoutMs = 20000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(text);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${re}; output so far:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Start a server and return it with its base URL once it listens. */
export async function startSimServer(args: string[], env: Record<string, string> = {}): Promise<{ proc: SimProcess; base: string }> {
  const proc = startSim(['--port', '0', ...args], env);
  const m = await proc.waitFor(/Uvicorn running on http:\/\/([\d.]+):(\d+)/);
  return { proc, base: `http://${m[1]}:${m[2]}` };
}
