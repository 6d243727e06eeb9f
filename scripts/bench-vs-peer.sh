#!/usr/bin/env bash
# Runs `ecg-ssl bench --suite preprocess` and the SciPy peer alternately, N times each (default
# 5), and prints both medians and their ratio. Needs Debian's python3-numpy and python3-scipy.
# Usage: scripts/bench-vs-peer.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
peer=../shared/bench/peer_numpy_pipeline.py
ours=(); theirs=()
for _ in $(seq "$runs"); do
  ours+=("$(npx --no-install ecg-ssl bench --suite preprocess --json 2>/dev/null | sed -E 's/.*"realtime_factor":([0-9.]+).*/\1/')")
  theirs+=("$(/usr/bin/python3 "$peer" --suite preprocess | sed -E 's/.*"realtime_factor": ([0-9.]+).*/\1/')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
m_ours=$(median "${ours[@]}"); m_peer=$(median "${theirs[@]}")
echo "ecg-ssl realtime factors: ${ours[*]}"
echo "scipy peer realtime factors: ${theirs[*]}"
awk -v a="$m_ours" -v b="$m_peer" 'BEGIN { printf "median: ecg-ssl %.0fx, scipy %.0fx, ratio %.2f\n", a, b, a / b }'
