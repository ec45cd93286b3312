#!/usr/bin/env bash
# Print build/out/<arch>/bench.csv as a table. usage: build/bench-table.sh <arch>
csv=build/out/$1/bench.csv
printf '%-32s %12s  %-12s %s\n' metric value unit mode
tail -n +2 "$csv" | awk -F, '{ printf "%-32s %12s  %-12s %s\n", $1, $3, $2, $4 }'
echo "wrote $csv"
