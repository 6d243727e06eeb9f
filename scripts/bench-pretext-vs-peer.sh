#!/usr/bin/env bash
# The issue-8 training goals, measured side by side in one sitting: the PyTorch peer
# (`peer_torch_train.py --threads 2`) and `ecg-ssl bench --suite pretext` with one worker and with
# what the machine offers (all cores), alternating, N times each (default 3). Prints the CPU model,
# every raw figure, the medians and the two ratios (goal: ≥ 0.5× the peer, ≥ 1.8× one worker).
# Needs Debian's python3-torch. Usage: scripts/bench-pretext-vs-peer.sh [runs] [extra bench flags]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
peer=../shared/bench/peer_torch_train.py
node=node_modules/.bin/node
one=(); all=(); theirs=()
field() { sed -E "s/.*\"$1\": ?([0-9.]+).*/\1/"; }
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  theirs+=("$(/usr/bin/python3 "$peer" --threads 2 | field train_windows_per_s)")
  one+=("$($node bin/ecg-ssl.js bench --suite pretext --backend wasm --processes 1 --json "$@" | field windows_per_s)")
  all+=("$($node bin/ecg-ssl.js bench --suite pretext --backend wasm --json "$@" | field windows_per_s)")
  echo "run $i: peer ${theirs[-1]}, one worker ${one[-1]}, all cores ${all[-1]} windows/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m_peer=$(median "${theirs[@]}"); m_one=$(median "${one[@]}"); m_all=$(median "${all[@]}")
awk -v p="$m_peer" -v o="$m_one" -v a="$m_all" 'BEGIN {
  printf "median windows/s: peer %.1f, ecg-ssl one worker %.1f, all cores %.1f\n", p, o, a
  printf "ratios: all cores / peer = %.2fx (goal >= 0.5x); all cores / one worker = %.2fx (goal >= 1.8x)\n", a / p, a / o }'
