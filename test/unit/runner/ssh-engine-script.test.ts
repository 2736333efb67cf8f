// The remote engine script (src/runner/remote/engine-script.ts) run by a local bash, as ssh or a Slurm
// job would run it: shell quoting that survives bash, the port spliced into a rendered launch, the
// markers, and every way the script stops the engine's process group.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Params } from '../../../src/core/types.js';
import { getPreset } from '../../../src/engines/index.js';
import type { EnginePreset, LaunchContext, RenderedLaunch } from '../../../src/engines/preset.js';
import { engineScript, portProbeScript, type EngineScriptOptions } from '../../../src/runner/remote/engine-script.js';
import { renderPortTemplated, templatedWord, withScootCommand } from '../../../src/runner/remote/port-template.js';
import { RemoteOutput } from '../../../src/runner/remote/remote-output.js';
import { shellJoin, shellQuote } from '../../../src/runner/remote/shell.js';
import { EvaluationSetupError } from '../../../src/runner/types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoot-script-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Runs the script with `bash -c`, its stdin a pipe we hold; collects markers and output. */
function runScript(options: Partial<EngineScriptOptions> & Pick<EngineScriptOptions, 'argv'>) {
  const marker = `##scoot-${randomBytes(4).toString('hex')}`;
  const script = engineScript({ marker, files: [], env: [], probeHost: '127.0.0.1', graceSec: 1, stopOnStdinClose: true, ...options });
  const child = spawn('bash', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const markers = (): Record<string, string> => {
    const m: Record<string, string> = {};
    for (const line of out.split('\n')) if (line.startsWith(`${marker} `)) for (const kv of line.slice(marker.length + 1).split(' ')) m[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1);
    return m;
  };
  return { child, done, markers, output: () => out };
}

async function waitFor<T>(get: () => T | undefined, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('shell quoting', () => {
  it('bash turns every quoted word back into exactly the value', () => {
    const values = ['plain', '', "it's", 'a b', '$HOME', '`id`', '"q"', 'back\\slash', 'new\nline', '--flag=v;rm -rf /', '*', 'ünï'];
    const out = execFileSync('bash', ['-c', `printf '%s\\0' ${shellJoin(values)}`]).toString();
    assert.deepEqual(out.split('\0').slice(0, -1), values);
    assert.equal(shellQuote('--port'), '--port');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

/** A preset that puts the port everywhere a real one might: --port N, --x=host:N, env, a file. */
function portEverywherePreset(): EnginePreset {
  const sim = getPreset('sim');
  return {
    ...sim,
    render(params: Params, base: readonly string[], ctx: LaunchContext): RenderedLaunch {
      return {
        argv: [...base, '--port', String(ctx.port), `--url=http://${ctx.host}:${ctx.port}/v1`, '--max-num-seqs', String(params['max-num-seqs'] ?? 47093)],
        env: { ENGINE_PORT: String(ctx.port), FIXED: 'x y' },
        files: [{ path: `${ctx.workDir}/conf.yaml`, content: `port: ${ctx.port}\nname: 'a'\n` }],
      };
    },
  };
}

describe('port-templated rendering', () => {
  it('splices the remote port wherever the rendering used it, and nowhere else', (t) => {
    const dir = tempDir(t);
    const launch = renderPortTemplated(portEverywherePreset(), { 'max-num-seqs': 47093 }, ['engine', 'serve'], { host: '0.0.0.0', gpus: [0], workDir: 'work/1' });
    assert.ok(launch.usesPort);
    const env = launch.env.map(([k, v]) => `${k}=${v}`).join(' ');
    const script = `SCOOT_PORT=31337; cd ${shellQuote(dir)}; export ${env}; printf '%s\\n' ${launch.argv.join(' ')} "$ENGINE_PORT" "$FIXED"; mkdir -p work/1; printf '%s' ${launch.files[0].content} > ${launch.files[0].path}`;
    const out = execFileSync('bash', ['-c', script]).toString().trim().split('\n');
    // A parameter value that equals a sentinel is not mistaken for the port.
    assert.deepEqual(out, ['engine', 'serve', '--port', '31337', '--url=http://0.0.0.0:31337/v1', '--max-num-seqs', '47093', '31337', 'x y']);
    assert.equal(readFileSync(join(dir, 'work/1/conf.yaml'), 'utf8'), "port: 31337\nname: 'a'\n");
  });

  it('renders the simulator preset with --port as a variable', () => {
    const launch = renderPortTemplated(getPreset('sim'), { 'max-num-seqs': 64 }, ['scoot', 'sim', 'serve'], { host: '127.0.0.1', gpus: [], workDir: 'w' });
    assert.ok(launch.argv.includes('"$SCOOT_PORT"'));
    assert.deepEqual(withScootCommand(launch.argv, ['/usr/bin/node', '/opt/my scoot/cli.js']).slice(0, 4), ['/usr/bin/node', `'/opt/my scoot/cli.js'`, 'sim', 'serve']);
  });

  it('refuses a value that changes with the port in a way it cannot splice', () => {
    assert.throws(() => templatedWord('port=47093', 'port=99', 'x'), EvaluationSetupError);
    assert.deepEqual(templatedWord('a', 'a', 'x'), { word: 'a', usesPort: false });
  });
});

describe('the engine script', () => {
  it('reports start, port and process group, runs the engine with its environment, and reports its exit', async (t) => {
    const dir = tempDir(t);
    const r = runScript({ argv: ['bash', '-c', shellQuote('echo "engine on $1 with $FOO"; exit 3'), 'engine', '"$SCOOT_PORT"'], env: [['FOO', shellQuote('b a r')]], cwd: dir, reportEnv: ['FOO'] });
    await waitFor(() => r.markers().code);
    r.child.stdin.end();
    assert.equal(await r.done, 0);
    const m = r.markers();
    assert.ok(Number(m.port) >= 20000 && Number(m.port) < 32000, m.port);
    assert.ok(Number(m.pgid) > 0);
    assert.equal(m.code, '3');
    assert.match(r.output(), new RegExp(`engine on ${m.port} with b a r`));
    assert.match(r.output(), /pgid=\d+ FOO=b a r/);
    assert.match(r.output(), /start host=\S+/);
  });

  it('stops the whole process group when its stdin closes (the ssh session ended)', async () => {
    // The engine forks a worker into its group; both must go.
    const r = runScript({ argv: ['bash', '-c', shellQuote('sleep 300 & echo "worker $!"; wait')] });
    const worker = await waitFor(() => /worker (\d+)/.exec(r.output())?.[1]);
    const pgid = Number(await waitFor(() => r.markers().pgid));
    assert.ok(alive(Number(worker)) && alive(pgid));
    r.child.stdin.end();
    assert.equal(await r.done, 0);
    assert.equal(r.markers().signal, 'TERM');
    assert.ok(!alive(Number(worker)) && !alive(pgid), 'engine and worker are gone');
  });

  it('sends SIGKILL after the grace period to an engine that ignores SIGTERM', async () => {
    const r = runScript({ argv: ['bash', '-c', shellQuote("trap '' TERM; echo up; while :; do sleep 0.1; done")], graceSec: 0.5 });
    await waitFor(() => (r.output().includes('up') ? true : undefined));
    const pgid = Number(r.markers().pgid);
    const t0 = Date.now();
    r.child.stdin.end();
    await r.done;
    assert.equal(r.markers().signal, 'KILL');
    assert.ok(Date.now() - t0 >= 400, 'waited for the grace period');
    assert.ok(!alive(pgid));
  });

  it('stops the engine once on SIGTERM to the script (a Slurm job being cancelled), keeping its exit status', async () => {
    const r = runScript({ argv: ['bash', '-c', shellQuote("trap 'echo bye; exit 0' TERM; echo up; while :; do sleep 0.1; done")], stopOnStdinClose: false, stopOnTerm: true });
    await waitFor(() => (r.output().includes('up') ? true : undefined));
    r.child.kill('SIGTERM');
    assert.equal(await r.done, 0);
    assert.equal(r.markers().code, '0', 'the engine shut down cleanly');
    assert.equal(r.output().match(/bye/g)?.length, 1, 'one SIGTERM reached the engine');
  });

  it('stops the engine when its heartbeat file stops changing (the submitting process died)', async (t) => {
    const dir = tempDir(t);
    const hb = join(dir, 'heartbeat');
    writeFileSync(hb, '0');
    const r = runScript({ argv: ['sleep', '300'], stopOnStdinClose: false, heartbeat: { path: hb, checkSec: 1, staleSec: 2 } });
    const pgid = Number(await waitFor(() => r.markers().pgid));
    for (let i = 1; i <= 3; i++) {
      await sleep(700);
      writeFileSync(hb, String(i)); // alive while it changes
    }
    assert.ok(alive(pgid), 'a changing heartbeat keeps the engine running');
    const t0 = Date.now();
    assert.equal(await r.done, 0);
    assert.equal(r.markers().signal, 'TERM');
    assert.ok(Date.now() - t0 >= 1500, 'stale only after staleSec');
  });

  it('fails with a marker when the chosen port is taken or the folder does not exist', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const taken = runScript({ argv: ['true'], port });
      taken.child.stdin.end();
      assert.equal(await taken.done, 97);
      assert.equal(taken.markers().fatal, `port-in-use`);
      assert.match(taken.output(), new RegExp(`fatal=port-in-use ${port}`));
    } finally {
      server.close();
    }
    const nowhere = runScript({ argv: ['true'], cwd: '/nonexistent/scoot' });
    nowhere.child.stdin.end();
    assert.equal(await nowhere.done, 97);
    assert.match(nowhere.output(), /fatal=cannot cd to \/nonexistent\/scoot/);
  });

  it('the port probe prints a port nothing listens on', () => {
    const port = Number(execFileSync('bash', ['-c', portProbeScript('0.0.0.0')]).toString().trim());
    assert.ok(Number.isInteger(port) && port >= 20000 && port < 32000);
  });
});

describe('RemoteOutput', () => {
  it('turns marker lines into events, across chunk boundaries and interleaved streams, and logs the rest', async (t) => {
    const dir = tempDir(t);
    const logPath = join(dir, 'logs', '1.log');
    let live = '';
    const out = await RemoteOutput.open({ marker: '##scoot-ab', logPath, onOutput: (c) => (live += c), ignoreLine: /^channel \d+: open failed/ });
    out.push('##scoot-ab start host=n');
    out.push('ode7\nengine line 1\n##scoot-ab po');
    out.push('half an err', 'err');
    out.push('rt=2345\n##scoot-ab pgid=77 CUDA_VISIBLE_DEVICES=0,1\n');
    out.push('or line\nchannel 3: open failed: connect failed: Connection refused\n', 'err');
    out.note('a note');
    out.push('##scoot-ab exit signal=TERM\nlast words');
    assert.deepEqual(await out.started, { host: 'node7' });
    assert.equal(await out.port, 2345);
    assert.deepEqual(await out.launched, { pgid: 77, env: { CUDA_VISIBLE_DEVICES: '0,1' } });
    assert.deepEqual(await out.exited, { code: null, signal: 'SIGTERM' });
    await out.close();
    const log = readFileSync(logPath, 'utf8');
    assert.equal(log, 'engine line 1\nhalf an error line\n[scoot] a note\nlast words\n');
    assert.equal(live, log);
    assert.deepEqual(out.tail.lines(), ['engine line 1', 'half an error line', 'last words']);
  });

  it('passes an endless line on as it comes (never holding it whole), and still sees the marker after it', async (t) => {
    const dir = tempDir(t);
    const logPath = join(dir, 'logs', '2.log');
    const out = await RemoteOutput.open({ marker: '##scoot-cd', logPath });
    const chunk = 'z'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) out.push(chunk);
    out.push('\n##scoot-cd exit code=0\n');
    assert.deepEqual(await out.exited, { code: 0, signal: null });
    await out.close();
    assert.equal(readFileSync(logPath, 'utf8'), `${chunk.repeat(40)}\n`);
  });
});
