#!/usr/bin/env bash
# Stops what start-slurm.sh started (by the pid files it wrote): slurmd, slurmctld, and munged when
# start-slurm.sh was the one to start it. Waits for each to exit (SIGKILL after 10 s). Always exits 0.
R=${SLURM_TEST_ROOT:-/tmp/scoot-slurm}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
stop() {
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$($SUDO cat "$pidfile" 2>/dev/null)
  if [ -n "$pid" ] && $SUDO kill "$pid" 2>/dev/null; then
    for _ in $(seq 100); do $SUDO kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    $SUDO kill -9 "$pid" 2>/dev/null
  fi
  $SUDO rm -f "$pidfile"
}
stop "$R/slurmd.pid"
stop "$R/slurmctld.pid"
stop "$R/munged.pid"
exit 0
