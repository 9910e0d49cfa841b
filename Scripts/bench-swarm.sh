#!/usr/bin/env bash
# make bench, part 2: generated swarm runs per minute with 2 worker processes (one process runs many cases, in
# scratch storage: an in-memory database, workspaces on tmpfs), next to the same cases run as one `wsim run`
# process each, 2 at a time (what a shell loop over generated files on this 2-core machine does). Prints a block
# for bench-results/latest.txt.
set -euo pipefail
wsim="$1"
count="${2:-600}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

start=$(date +%s.%N)
"$wsim" swarm --seeds "1-$count" -j 2 --no-shrink --out "$scratch/swarm" > "$scratch/swarm.log" 2>&1 || true
end=$(date +%s.%N)
swarm_seconds=$(awk "BEGIN { print $end - $start }")

for seed in $(seq 1 "$count"); do "$wsim" swarm-case "$seed" --out "$scratch/cases/$seed"; done
start=$(date +%s.%N)
seq 1 "$count" | xargs -P 2 -I{} sh -c \
  "'$wsim' run '$scratch/cases/{}/scenario.yaml' --seed {} --out '$scratch/runs/{}' > /dev/null 2>&1; rm -rf '$scratch/runs/{}'" || true
end=$(date +%s.%N)
loop_seconds=$(awk "BEGIN { print $end - $start }")

echo
echo "Generated cases, seeds 1-$count, 2 processes at a time, wall time"
awk -v n="$count" -v s="$swarm_seconds" \
  'BEGIN { printf "  wsim swarm -j 2 --no-shrink (many cases a process)  %7.1f s   %6.0f runs/min\n", s, n * 60 / s }'
awk -v n="$count" -v s="$loop_seconds" -v w="$swarm_seconds" \
  'BEGIN { printf "  one wsim run process per case, 2 at a time        %7.1f s   %6.0f runs/min   swarm is %.1fx faster\n", s, n * 60 / s, s / w }'
grep -E "^swarm: [0-9]+ runs" "$scratch/swarm.log" | sed 's/^/  /'
