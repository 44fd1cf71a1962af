#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine for the job-array test (tests/RedNet.Cli.Tests/SlurmArrayTests.cs):
# munged, slurmctld and slurmd on 127.0.0.1, with every file they use (slurm.conf, munge key and socket, state, spool, logs,
# pids) in $REDNET_SLURM_DIR and nothing in /etc, on ports 16817/16818 so a real cluster's daemons are left alone.
# Installs Debian's slurm-wlm and munge first when they are missing (that needs root). Clients find the cluster through
# SLURM_CONF=$REDNET_SLURM_DIR/slurm.conf. Stop it with .ci/slurm-down.sh. Exits non-zero, with the daemons' logs on
# stderr, when the cluster does not come up.
set -euo pipefail
dir=${REDNET_SLURM_DIR:?set REDNET_SLURM_DIR to an empty folder for the cluster files}

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-up: installing slurm-wlm and munge from Debian's packages" >&2
  # The lock timeout waits out another apt run (unattended upgrades on a fresh machine) instead of failing at once.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

mkdir -p "$dir"
# munged refuses a key or socket folder that others can write to.
chmod 0700 "$dir"
mkdir -p "$dir/state" "$dir/spool"
user=$(id -un)

if [[ ! -f "$dir/munge.key" ]]; then
  dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
  chmod 0400 "$dir/munge.key"
fi
# --force: munged will not run as root without it; this cluster only ever serves this machine's own test.
munged --force --key-file="$dir/munge.key" --socket="$dir/munge.socket" --pid-file="$dir/munged.pid" \
  --log-file="$dir/munged.log" --seed-file="$dir/munged.seed"

# The node's size as this machine reports it: slurmd drains a node that claims more CPUs or memory than it has.
cpus=$(nproc)
memory_mb=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 - 512 ))
cat >"$dir/slurm.conf" <<EOF
# Written by .ci/slurm-up.sh: a one-node cluster on localhost for the tests.
ClusterName=rednet-ci
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
# No cgroups: process groups track a task's processes, and the task is not pinned (it limits its own threads).
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Jobs that name no memory take 1 GB per CPU, not the whole node (the default), so they can share it.
DefMemPerCPU=1024
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
ReturnToService=2
# Finished tasks stay visible to scontrol (state, exit code) for an hour; a cancelled task is killed 5 s after SIGTERM.
MinJobAge=3600
KillWait=5
SchedulerParameters=sched_interval=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=ci Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$dir/slurm.conf"

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N localhost

# Up means: the controller answers and the node takes jobs.
for _ in $(seq 60); do
  if scontrol ping 2>/dev/null | grep -q UP && [[ $(sinfo -h -n localhost -o %t 2>/dev/null) == idle* ]]; then
    echo "slurm-up: one-node cluster up (SLURM_CONF=$SLURM_CONF, $cpus CPUs, $memory_mb MB)" >&2
    exit 0
  fi
  sleep 1
done
echo "slurm-up: the cluster did not come up within 60 s; node state: $(sinfo -h -N -o '%N %t %E' 2>&1)" >&2
tail -n 20 "$dir"/*.log >&2 || true
exit 1
