#!/usr/bin/env bash
# One worker of a mutation-testing queue: takes the next unclaimed entry of QUEUE (one per line)
# and runs scripts/mutants.sh on it in its own clone WORKDIR, until the queue is empty or
# STOPFILE exists. Start two (one per core) for two clones side by side:
#
#   scripts/mutants-queue.sh queue.txt $PWD/mutants.work  /tmp/stop-a &
#   scripts/mutants-queue.sh queue.txt $PWD/mutants.work2 /tmp/stop-b &
#
# Entries: FILE, FILE@REGEX (only the matching mutants), recheck:FILE (the last run's misses again),
# FILE=FILTER (a test filter other than the directory's: `check::`, `netsuite::`, `profile::`).
# Claims go to QUEUE.claimed (fixed-string matches, under flock), so an entry runs once.
set -u
queue=$1 work=$2 stop=$3
cd "$(dirname "$0")/.."
export MUTANTS_WORK=$work CARGO_BUILD_JOBS=1 MUTANTS_TIMEOUT=${MUTANTS_TIMEOUT:-60} MUTANTS_CARGO_ARGS=--lib
touch "$queue.claimed"
while [ ! -f "$stop" ]; do
    entry=$(flock "$queue.lock" bash -c '
        while IFS= read -r e; do
            [ -z "$e" ] && continue
            grep -qxF -- "$e" "$1.claimed" && continue
            printf "%s\n" "$e" >> "$1.claimed"; printf "%s\n" "$e"; break
        done < "$1"' _ "$queue")
    [ -z "$entry" ] && break
    f=$entry recheck="" filter=""
    case $f in recheck:*) recheck=1 f=${f#recheck:};; esac
    case $f in *=*) filter=${f#*=} f=${f%%=*};; esac
    if [ -z "$filter" ]; then
        case $f in
            src/check/*) filter="check::";;
            src/netsuite/*) filter="netsuite::";;
            src/profile/*) filter="profile::";;
        esac
    fi
    echo "$entry $(git rev-parse --short HEAD) $(date +%T)" >> "$queue.log"
    MUTANTS_RECHECK=$recheck MUTANTS_TEST_FILTER="$filter" nice -n 19 scripts/mutants.sh "$f"
    echo "$entry done $(date +%T)" >> "$queue.log"
done
