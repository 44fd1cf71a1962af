#!/usr/bin/env bash
# Stops the cluster .ci/slurm-up.sh started in $REDNET_SLURM_DIR: cancels its jobs, stops slurmd, slurmctld and munged by
# the pids they recorded there (never by name: other Slurm or munge daemons on the machine are not ours), then removes
# the folder. Safe to run when the cluster is only partly up, or not at all.
set -uo pipefail
dir=${REDNET_SLURM_DIR:?set REDNET_SLURM_DIR to the folder slurm-up.sh used}
[[ -d "$dir" ]] || exit 0
export SLURM_CONF="$dir/slurm.conf"
[[ -f "$SLURM_CONF" ]] && timeout 10 scancel --full --quiet --partition=ci 2>/dev/null

stop() { # pid file: TERM, then KILL after 10 s
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 0
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null
}
stop "$dir/slurmd.pid"
stop "$dir/slurmctld.pid"
stop "$dir/munged.pid"
rm -rf "$dir"
