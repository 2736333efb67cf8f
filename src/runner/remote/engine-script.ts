// The bash program that runs an engine on another machine (through ssh, or as a Slurm job script).
// It finds a free port there, writes the generated files, starts the engine as the leader of a new
// session (so its whole process group can be signalled), reports what the runner needs as marker
// lines on stdout, and makes sure the group is gone before it exits:
//   - `stopOnStdinClose` (ssh): a watcher reads the session's stdin; when the connection drops, or
//     the local ssh client is killed, stdin ends and the watcher stops the group;
//   - `stopOnTerm` (Slurm): scancel's SIGTERM stops the group gracefully before Slurm's SIGKILL;
//   - `heartbeat` (Slurm): when the submitting process stops touching a file on the shared file
//     system (it was SIGKILLed), the job stops itself instead of holding its GPUs until the time limit.
// Stopping is always SIGTERM to the group, then SIGKILL after the grace period.

import { posix } from 'node:path';
import { PORT_VARIABLE, type ShellWord } from './port-template.js';
import { shellQuote } from './shell.js';

/** Exit status of the script when it could not even start the engine (a set-up problem). */
export const SETUP_FAILURE_STATUS = 97;

export interface EngineScriptOptions {
  /** Marker prefix, unique per trial so that engine output can never be mistaken for a marker. */
  marker: string;
  /** Directory to run in (absolute, or relative to where the script starts); undefined = stay. */
  cwd?: string;
  /** Generated files (paths relative to cwd; their folders are created). */
  files: ReadonlyArray<{ path: string; content: ShellWord }>;
  env: ReadonlyArray<[string, ShellWord]>;
  argv: readonly ShellWord[];
  /** Address the engine binds; the port probe connects there (wildcards probe the loopback). */
  probeHost: string;
  /** Ports are drawn from [min, max); below Linux's ephemeral range so outgoing connections never hold them. */
  portRange?: [number, number];
  /** A port chosen beforehand (ssh: the forward is set up with the session); checked free, else fatal=port-in-use. */
  port?: number;
  graceSec: number;
  stopOnStdinClose?: boolean;
  stopOnTerm?: boolean;
  heartbeat?: { path: string; staleSec: number; checkSec: number };
  /** Environment variables whose values (as the engine gets them) are reported in the `pgid` marker, for the log. */
  reportEnv?: readonly string[];
}

/** The `fatal=` reason when a port chosen beforehand is taken by the time the engine would bind it. */
export const PORT_IN_USE = 'port-in-use';

/** The address a port probe connects to for an engine bound to `host` (wildcards: the loopback). */
function probeAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host;
}

/**
 * Shell functions: scoot_port_free PORT (nothing accepts connections there; bash's /dev/tcp, no other
 * tool needed) and scoot_random_port (a candidate below Linux's ephemeral range, so an outgoing
 * connection never holds it).
 */
function portLines(probeHost: string, range: [number, number] = [20_000, 32_000]): string[] {
  const [min, max] = range;
  return [
    `scoot_port_free() { ! (exec 3<>${shellQuote(`/dev/tcp/${probeAddress(probeHost)}/`)}"$1") 2>/dev/null; }`,
    `scoot_random_port() { echo $((${min} + (RANDOM * 32768 + RANDOM) % ${max - min})); }`,
  ];
}

/** A script that prints one port that is free on the remote host (for an engine bound to `probeHost`). */
export function portProbeScript(probeHost: string, range?: [number, number]): string {
  return [
    ...portLines(probeHost, range),
    'for _ in $(seq 64); do p=$(scoot_random_port); if scoot_port_free "$p"; then echo "$p"; exit 0; fi; done',
    "echo 'no free port found' >&2; exit 1",
    '',
  ].join('\n');
}

/** The script's text (no shebang; callers add one for a job script, or pass it to `bash -c`). */
export function engineScript(o: EngineScriptOptions): string {
  const graceTicks = Math.max(1, Math.round(o.graceSec * 10));
  const mark = shellQuote(o.marker);
  const lines: string[] = [
    'set -u',
    `scoot_mark() { printf '%s %s\\n' ${mark} "$*"; }`,
    `scoot_fail() { scoot_mark "fatal=$*"; exit ${SETUP_FAILURE_STATUS}; }`,
  ];
  if (o.cwd !== undefined) lines.push(`cd ${shellQuote(o.cwd)} || scoot_fail ${shellQuote(`cannot cd to ${o.cwd}`)}`);
  lines.push(`command -v setsid >/dev/null 2>&1 || scoot_fail 'setsid not found (install util-linux)'`);
  lines.push('scoot_mark "start host=$HOSTNAME"');
  lines.push(...portLines(o.probeHost, o.portRange));
  if (o.port !== undefined) {
    lines.push(`${PORT_VARIABLE}=${o.port}`, `scoot_port_free "$${PORT_VARIABLE}" || scoot_fail ${shellQuote(`${PORT_IN_USE} ${o.port}`)}`);
  } else {
    lines.push(
      `${PORT_VARIABLE}=`,
      `for _ in $(seq 64); do p=$(scoot_random_port); if scoot_port_free "$p"; then ${PORT_VARIABLE}=$p; break; fi; done`,
      `[ -n "$${PORT_VARIABLE}" ] || scoot_fail 'no free port found'`,
    );
  }
  for (const f of o.files) {
    const dir = posix.dirname(f.path);
    lines.push(`mkdir -p ${shellQuote(dir)} && printf '%s' ${f.content} > ${shellQuote(f.path)} || scoot_fail ${shellQuote(`cannot write ${f.path}`)}`);
  }
  lines.push(`scoot_mark "port=$${PORT_VARIABLE}"`);
  if (o.stopOnStdinClose) lines.push('exec 3<&0'); // background commands get /dev/null as stdin: keep ours on fd 3
  for (const [name, value] of o.env) lines.push(`export ${name}=${value}`);
  const report = (o.reportEnv ?? []).map((n) => ` ${n}=\${${n}-}`).join('');
  lines.push(
    `setsid ${o.argv.join(' ')} </dev/null ${o.stopOnStdinClose ? '3<&- ' : ''}&`,
    'scoot_pg=$!',
    // From here on a closed ssh session must not kill this script (SIGPIPE/SIGHUP) before it has
    // stopped the engine. Not earlier: ignored signals are inherited, and the engine keeps the defaults.
    "trap '' PIPE HUP",
    `scoot_mark "pgid=$scoot_pg${report}"`,
    // SIGTERM to the group, SIGKILL once the grace period is over; returns when nothing of it runs.
    'scoot_stop() {',
    '  kill -TERM -- -$scoot_pg 2>/dev/null || return 0',
    '  n=0',
    '  while kill -0 -- -$scoot_pg 2>/dev/null; do',
    `    n=$((n + 1)); if [ $n -ge ${graceTicks} ]; then kill -KILL -- -$scoot_pg 2>/dev/null; break; fi`,
    '    sleep 0.1',
    '  done',
    '}',
    'scoot_watchers=',
  );
  if (o.stopOnStdinClose) {
    lines.push('( while read -r _ <&3; do :; done; scoot_stop ) >/dev/null 2>&1 &', 'scoot_watchers="$scoot_watchers $!"', 'exec 3<&-');
  }
  if (o.heartbeat) {
    const hb = shellQuote(o.heartbeat.path);
    lines.push(
      '(',
      `  last=$(cat ${hb} 2>/dev/null); still=0`,
      `  while sleep ${o.heartbeat.checkSec}; do`,
      `    now=$(cat ${hb} 2>/dev/null)`,
      `    if [ "$now" = "$last" ]; then still=$((still + ${o.heartbeat.checkSec})); else still=0; last=$now; fi`,
      `    if [ $still -ge ${o.heartbeat.staleSec} ]; then scoot_stop; break; fi`,
      '  done',
      ') >/dev/null 2>&1 &',
      'scoot_watchers="$scoot_watchers $!"',
    );
  }
  if (o.stopOnTerm) lines.push("trap 'scoot_stop' TERM INT");
  lines.push(
    // wait returns early when a trapped signal arrives: wait again until the leader is gone, then ask
    // once more for its status (bash remembers it even when a trap's wait already reaped it).
    'while kill -0 $scoot_pg 2>/dev/null; do wait $scoot_pg; done',
    'wait $scoot_pg; scoot_rc=$?',
    // Workers left behind by the leader die with it.
    'kill -0 -- -$scoot_pg 2>/dev/null && scoot_stop',
    'if [ $scoot_rc -gt 128 ] && scoot_sig=$(kill -l $((scoot_rc - 128)) 2>/dev/null); then scoot_mark "exit signal=$scoot_sig"; else scoot_mark "exit code=$scoot_rc"; fi',
    '[ -n "$scoot_watchers" ] && kill $scoot_watchers 2>/dev/null',
    'exit 0',
  );
  return `${lines.join('\n')}\n`;
}
