#!/usr/bin/env bash
# Starts a private single-node Slurm cluster for the tests of the Slurm target: slurmctld and slurmd
# (Debian's packages) with their own config, state, logs and ports under $SLURM_TEST_ROOT (default
# /tmp/scoot-slurm), so nothing under /etc/slurm is touched and a real cluster on the machine is left
# alone; partition "debug" with GPUS GPU GRES backed by placeholder files. Slurm authenticates through
# munged: the one already running is used, else one is started (and stop-slurm.sh stops it again).
# Clients reach the cluster with SLURM_CONF=$SLURM_TEST_ROOT/slurm.conf, the path this prints on stdout.
# Needs root or passwordless sudo; installs nothing (node scripts/test-setup.mjs slurm does that).
# Idempotent: a cluster already up is reused.
#   usage: start-slurm.sh [GPUS]   (default 4)
set -euo pipefail
GPUS=${1:-4}
R=${SLURM_TEST_ROOT:-/tmp/scoot-slurm}
CONF="$R/etc/slurm.conf"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
say() { echo "start-slurm: $*" >&2; }

for tool in slurmctld slurmd sinfo munged; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
    say "$tool not found: install Debian's slurmctld slurmd slurm-client munge (node scripts/test-setup.mjs slurm)"; exit 1; }
done
export SLURM_CONF="$CONF"
if [ -f "$CONF" ] && sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed|alloc"; then echo "$CONF"; exit 0; fi

H=$(hostname -s)
$SUDO mkdir -p "$R"/{etc,state,spool,log}
for i in $(seq 0 $((GPUS - 1))); do $SUDO touch "$R/gpu$i"; done
MEM=$(( $(free -m | awk '/Mem:/{print $2}') - 1024 ))
$SUDO tee "$CONF" >/dev/null <<CONF
ClusterName=scoot-test
SlurmctldHost=$H
SlurmctldPort=6917
SlurmdPort=6918
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$R/state
SlurmdSpoolDir=$R/spool
SlurmctldLogFile=$R/log/slurmctld.log
SlurmdLogFile=$R/log/slurmd.log
SlurmctldPidFile=$R/slurmctld.pid
SlurmdPidFile=$R/slurmd.pid
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
GresTypes=gpu
NodeName=$H CPUs=$(nproc) RealMemory=$MEM Gres=gpu:$GPUS State=UNKNOWN
PartitionName=debug Nodes=$H Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
echo "NodeName=$H Name=gpu File=$R/gpu[0-$((GPUS - 1))]" | $SUDO tee "$R/etc/gres.conf" >/dev/null

if ! pgrep -x munged >/dev/null; then
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key (munge's package normally does; Slurm needs a key to authenticate)"
    $SUDO mkdir -p /etc/munge
    $SUDO dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
  fi
  $SUDO mkdir -p /run/munge /var/log/munge /var/lib/munge
  $SUDO chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge
  $SUDO chmod 400 /etc/munge/munge.key
  say "starting munged (Slurm's authentication daemon; stop-slurm.sh stops it)"
  $SUDO su -s /bin/sh munge -c /usr/sbin/munged
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  $SUDO cat /run/munge/munged.pid | $SUDO tee "$R/munged.pid" >/dev/null
fi
say "starting slurmctld and slurmd (config $CONF; stop-slurm.sh stops them)"
# -c: start from a clean state, so no job of an earlier run is recovered.
$SUDO env SLURM_CONF="$CONF" slurmctld -c -f "$CONF"
$SUDO env SLURM_CONF="$CONF" slurmd -f "$CONF"
for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed" && break; sleep 0.5; done
sinfo -h -o %T 2>/dev/null | grep -qE "idle|mixed" || { say "the node did not become idle; see $R/log/"; exit 1; }
echo "$CONF"
