#!/usr/bin/env bash
# make bench, part 2: generated swarm runs per minute with 2 worker processes (one process runs many cases, in
# scratch storage), next to the same cases run one `wsim run` process each (what a shell loop over generated
# files would do). Prints a block for bench-results/latest.txt.
set -euo pipefail
wsim="$1"
count="${2:-600}"
loop="${3:-100}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
start=$(date +%s.%N)
"$wsim" swarm --seeds "1-$count" -j 2 --no-shrink --out "$scratch/swarm" > "$scratch/swarm.log" 2>&1 || true
end=$(date +%s.%N)
swarm_seconds=$(awk "BEGIN { print $end - $start }")
for seed in $(seq 1 "$loop"); do "$wsim" swarm-case "$seed" --out "$scratch/cases/$seed"; done
start=$(date +%s.%N)
for seed in $(seq 1 "$loop"); do
  "$wsim" run "$scratch/cases/$seed/scenario.yaml" --seed "$seed" --out "$scratch/runs/$seed" > /dev/null 2>&1 || true
done
end=$(date +%s.%N)
loop_seconds=$(awk "BEGIN { print $end - $start }")
echo
echo "Generated swarm cases, 2 worker processes (wsim swarm --seeds 1-$count -j 2 --no-shrink), wall time"
awk -v n="$count" -v s="$swarm_seconds" 'BEGIN { printf "  wsim swarm, %d cases%26s%8.1f s   %6.0f runs/min\n", n, "", s, n * 60 / s }'
awk -v n="$loop" -v s="$loop_seconds" 'BEGIN { printf "  one wsim run process per case, %d cases%7s%8.1f s   %6.0f runs/min\n", n, "", s, n * 60 / s }'
grep -E "^swarm: [0-9]+ runs" "$scratch/swarm.log" | sed 's/^/  /'
