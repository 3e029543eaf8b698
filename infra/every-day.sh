#!/bin/sh
# every-day.sh HH:MM 'COMMAND': run COMMAND every day at HH:MM UTC, for ever (compose's scheduled
# runs; Kubernetes uses CronJobs instead). A failed run is reported and the next one still comes.
set -u
at="$1"
command="$2"
while :; do
  now=$(date -u +%s)
  next=$(date -u -d "$at" +%s)
  [ "$next" -gt "$now" ] || next=$((next + 86400))
  echo "next run at $(date -u -d "@$next" '+%Y-%m-%d %H:%M') UTC: $command"
  sleep $((next - now))
  sh -c "$command" || echo "the run failed (exit $?); the next one is tomorrow" >&2
done
