#!/usr/bin/env bash
# Print build/out/<arch>/bench.csv as a table and draw it as
# build/out/<arch>/bench.svg (build/bench-chart.py, with the peer figures of
# build/peers.csv). usage: build/bench-table.sh <arch>
csv=build/out/$1/bench.csv
printf '%-32s %12s  %-12s %s\n' metric value unit mode
tail -n +2 "$csv" | awk -F, '{ printf "%-32s %12s  %-12s %s\n", $1, $3, $2, $4 }'
echo "wrote $csv"
python3 build/bench-chart.py "$1"
