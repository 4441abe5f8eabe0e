#!/usr/bin/env bash
# Time from launching the desktop app to its visible main window; run inside an X server
# (build_linux.sh uses xvfb-run). Then waits a few seconds for the first page to load and fails
# if the app logged a traceback (e.g. a module the bundle left out).
#   gui_probe.sh EXECUTABLE DATABASE LOGFILE   ->  prints "1.02 s"; exit 1 with the reason
# (the time includes up to one poll, ~20 ms plus an xdotool call of a few ms)
set -uo pipefail
exe=$1 db=$2 log=$3
start=$(date +%s.%N)
"$exe" gui --db "$db" >"$log" 2>&1 &
pid=$!
# poll every ~20 ms (xdotool's own --sync polls only every 0.5 s: too coarse for a 1 s figure)
deadline=$((SECONDS + 60)) wid=""
while [ -z "$wid" ] && [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
  wid=$(xdotool search --onlyvisible --class rePlanner 2>/dev/null | head -1)
  [ -n "$wid" ] || sleep 0.02
done
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if [ -z "$wid" ]; then
  kill "$pid" 2>/dev/null
  echo "no window within 60 s (or the app exited); log: $(tail -5 "$log")"
  exit 1
fi
sleep 3  # the first page and the status bar load in tasks after the window shows
if ! kill -0 "$pid" 2>/dev/null; then
  echo "the app exited after showing its window; log: $(tail -5 "$log")"
  exit 1
fi
kill "$pid" && wait "$pid" 2>/dev/null
if grep -q "Traceback" "$log"; then
  echo "the app logged an error: $(grep -A3 Traceback "$log" | tail -3)"
  exit 1
fi
echo "$elapsed s"
