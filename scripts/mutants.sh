#!/usr/bin/env bash
# Mutation testing of the core with cargo-mutants, one source file per run.
#
#   scripts/mutants.sh src/netsuite/oauth.rs [more files…]
#   scripts/mutants.sh src/netsuite/oauth.rs@nonce_and_timestamp   (only the matching mutants)
#
# cargo-mutants is installed on first use into .tools/ (git-ignored). The mutants are applied to a
# disposable clone of the committed tree (mutants.work/, git-ignored) with `--in-place`, so the
# working tree is never modified and the clone's build reuses this tree's compiled dependencies
# (hard links, no extra space; the crate itself is rebuilt). Results: mutants.out/<file>/
# (outcomes.json, caught.txt, missed.txt, unviable.txt, timeout.txt) and mutants.out/times.txt.
# It is slow on two cores: run it in the background. The unmutated baseline is skipped (the
# committed tree passes its tests), so a fixed timeout per mutant applies (MUTANTS_TIMEOUT). Tests used: the unit tests and the one
# integration binary (`cargo test --lib --test it`), optionally only those whose names contain one of
# the words in MUTANTS_TEST_FILTER (e.g. "netsuite:: sign flow_e2e" for src/netsuite/).
# MUTANTS_CARGO_ARGS replaces `--lib --test it`: `MUTANTS_CARGO_ARGS=--lib` builds only the unit-test
# binary per mutant (no relink of the big integration binary, about half the build time) where the
# file's own unit tests suffice; re-check anything that selection misses against the full suite.
# MUTANTS_REV=<rev> mutates that commit instead of HEAD (clone mode only), e.g. a branch without
# the tests written meanwhile, so the figures are those of the tree as it was.
# The crate itself is built without debug info (dependencies unchanged): a mutant's build and link
# are the cost, and nothing here needs a debugger.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=27.0.0
if ! "$root/.tools/bin/cargo-mutants" --version 2>/dev/null | grep -q "$version"; then
    cargo install --locked --quiet --root "$root/.tools" --version "$version" cargo-mutants
fi
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
# MUTANTS_TIMEOUT=SECONDS: a mutant's test phase longer than this counts as a timeout (default 60:
# the selected tests end in seconds; give the whole integration suite 180).
# MUTANTS_WORK=DIR: the disposable clone to use (default mutants.work/), so that a recheck can run
# beside a long run without sharing its tree.
# MUTANTS_HERE=1: mutate this tree itself (no second target directory: saves ~3 GB of disk, but
# do not edit or build here meanwhile; refuses to start with uncommitted changes under src/ or tests/).
if [ "${MUTANTS_HERE:-}" = 1 ]; then
    if ! git diff --quiet HEAD -- src tests; then
        echo "uncommitted changes under src/ or tests/: commit them first" >&2
        exit 2
    fi
    work="$root"
else
    work="${MUTANTS_WORK:-$root/mutants.work}"
fi
if [ "$work" != "$root" ] && [ ! -d "$work/.git" ]; then
    git clone --quiet --no-hardlinks "$root" "$work"
    if [ -d "$root/target/debug" ]; then
        mkdir -p "$work/target"
        cp -al "$root/target/debug" "$work/target/debug"
        # Never let the clone write through a hard link into this tree's own crate artifacts.
        rm -rf "$work"/target/debug/incremental "$work"/target/debug/deps/{nstba,it}-* \
            "$work"/target/debug/deps/libnstba-* "$work"/target/debug/.fingerprint/{nstba,it}-* \
            "$work"/target/debug/build/nstba-* "$work"/target/debug/.cargo-lock
    fi
fi
if [ "$work" != "$root" ]; then
    git -C "$work" fetch --quiet "$root" "${MUTANTS_REV:-HEAD}" && git -C "$work" reset --quiet --hard FETCH_HEAD
fi
mkdir -p "$root/mutants.out"
# The test targets go to every cargo call (--cargo-arg): arguments after `--` reach only the test
# phase, and the build phase would otherwise build every target of the package for each mutant.
targets=()
for arg in ${MUTANTS_CARGO_ARGS:---lib --test it}; do
    targets+=("--cargo-arg=$arg")
done
# Rust-regex escape of a mutant's description (what regex::escape escapes).
escape() { sed 's/[]\\.+*?()|[{}^$#&~-]/\\&/g'; }
for file in "$@"; do
    # FILE@REGEX: only the mutants of FILE whose description matches REGEX (e.g. the functions added
    # since the file's last run), results in mutants.out/<name>.only/.
    only=""
    case $file in *@*) only=${file#*@}; file=${file%%@*};; esac
    name=$(echo "${file#src/}" | sed "s/\.rs$//; s#/#-#g")
    select=()
    label=""
    out="$root/mutants.out/$name"
    # MUTANTS_RECHECK=1: only the mutants the last run of this file missed, results in
    # mutants.out/<name>.recheck/ (after adding tests: each should now be caught).
    if [ "${MUTANTS_RECHECK:-}" = 1 ]; then
        missed="$out/mutants.out/missed.txt"
        [ -s "$missed" ] || { echo "$file: nothing missed in $missed"; continue; }
        re=$(sed 's/^[^:]*:[0-9]*:[0-9]*: //' "$missed" | escape | sed 's/$/$/' | paste -sd'|')
        select=(--re ": ($re)")
        out="$out.recheck"
        label=" (recheck)"
    fi
    # MUTANTS_SKIP_CAUGHT=1: leave out the mutants an earlier, unfinished run of this file already
    # caught or timed out on (mutants.out/<name>/mutants.out/{caught,timeout}.txt, kept in
    # mutants.out/<name>.caught.earlier.txt), so a run
    # stopped part-way can go on at a newer commit.
    if [ "${MUTANTS_SKIP_CAUGHT:-}" = 1 ] && [ -s "$out/mutants.out/caught.txt" ]; then
        # Timeouts are detected too (the tests did not pass): not rerun either.
        cat "$out/mutants.out/caught.txt" "$out/mutants.out/timeout.txt" >> "$out.caught.earlier.txt"
        # Whole names (file:line:col: description): twins with the same description elsewhere
        # in the file must still run.
        re=$(escape < "$out.caught.earlier.txt" | paste -sd'|')
        select+=(--exclude-re "^($re)$")
        label=" (the rest)"
    fi
    if [ -n "$only" ]; then
        select+=(--re "$only")
        out="$out.only"
        label=" (only $only)"
    fi
    start=$(date +%s)
    (cd "$work" && "$root/.tools/bin/cargo-mutants" mutants --in-place --no-shuffle --baseline skip \
        --cargo-arg=--config=profile.dev.package.nstba.debug=0 "${select[@]}" \
        --file "$file" --timeout "${MUTANTS_TIMEOUT:-60}" --output "$out" "${targets[@]}" -- -- ${MUTANTS_TEST_FILTER:-}) || true
    echo "$file$label: $(( $(date +%s) - start )) s" | tee -a "$root/mutants.out/times.txt"
done
