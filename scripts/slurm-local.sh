#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for the integration test (and for trying `hccsim slurm` locally):
#   scripts/slurm-local.sh start   install munge + slurm-wlm if missing, write slurm.conf, start munged, slurmctld, slurmd;
#                                  wait (bounded) until the node is idle
#   scripts/slurm-local.sh stop    cancel jobs, stop the daemons by their saved PIDs
# No systemd: daemons run in the foreground under setsid; proctrack/linuxproc, task/none. Needs root.
set -euo pipefail
state=/tmp/hccsim-slurm
mkdir -p "$state"
log() { echo "slurm-local: $*" >&2; }
fail() { log "$*"; exit 1; }

running() { [ -f "$state/$1.pid" ] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null && [ "$(ps -o stat= -p "$(cat "$state/$1.pid")" | cut -c1)" != Z ]; }

start() {
  [ "$(id -u)" = 0 ] || fail "needs root (to install packages and run the daemons)"
  if ! command -v slurmctld >/dev/null || [ ! -x /usr/sbin/munged ]; then
    log "installing munge and slurm-wlm…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends munge slurm-wlm slurmctld slurmd slurm-client >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends munge slurm-wlm slurmctld slurmd slurm-client >/dev/null; } \
      || fail "apt-get could not install munge and slurm-wlm"
  fi
  local host node
  host=$(hostname -s)
  node=$(slurmd -C | head -1)
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
  chown slurm:slurm /var/spool/slurmctld /var/log/slurm
  chown munge:munge /run/munge
  cat > /etc/slurm/slurm.conf <<CONF
ClusterName=localcluster
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
MailProg=/bin/true
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
${node} NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  [ -f /etc/munge/munge.key ] || runuser -u munge -- mungekey --create >/dev/null 2>&1 || runuser -u munge -- /usr/sbin/mungekey --create
  if ! running munged; then
    runuser -u munge -- /usr/sbin/munged --foreground >/dev/null 2>&1 &
    echo $! > "$state/munged.pid"
  fi
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.2; done
  munge -n | unmunge >/dev/null 2>&1 || fail "munged did not start (munge -n | unmunge fails)"
  rm -f /run/slurmctld.pid /run/slurmd.pid
  if ! running slurmctld; then setsid slurmctld -D -c >/dev/null 2>&1 & echo $! > "$state/slurmctld.pid"; fi
  for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.2; done
  scontrol ping 2>/dev/null | grep -q UP || fail "slurmctld did not come up (see /var/log/slurm/slurmctld.log)"
  if ! running slurmd; then setsid slurmd -D >/dev/null 2>&1 & echo $! > "$state/slurmd.pid"; fi
  local nodename
  nodename=$(echo "$node" | sed -n 's/^NodeName=\([^ ]*\).*/\1/p')
  for i in $(seq 1 150); do
    st=$(sinfo -h -N -o %T 2>/dev/null | head -1)
    case "$st" in
      idle*) log "node $nodename idle"; return 0 ;;
      down*|drain*) scontrol update NodeName="$nodename" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.2
  done
  fail "the node did not become idle within 30 s (state: ${st:-none}; see /var/log/slurm/slurmd.log)"
}

stop() {
  command -v scancel >/dev/null && scancel --user=root >/dev/null 2>&1 || true
  for d in slurmd slurmctld munged; do
    if running "$d"; then kill "$(cat "$state/$d.pid")" 2>/dev/null || true; fi
  done
  for _ in $(seq 1 50); do running slurmd || running slurmctld || break; sleep 0.1; done
  rm -f /run/slurmctld.pid /run/slurmd.pid
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: scripts/slurm-local.sh start|stop" >&2; exit 2 ;;
esac
