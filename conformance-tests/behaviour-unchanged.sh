#!/usr/bin/env bash
# Behaviour unchanged (issue 10): for the reference loop and every mutant, seeds 1, 2 and 3,
# `certify --tier deterministic` must give the same verdict for every rule and the same traceHash
# for the run and for every case at BASE as in this working tree. Run it before landing a
# refactoring of the engine; it is not part of run-tests.sh (about 5 minutes a side on 2 cores).
#
# usage: conformance-tests/behaviour-unchanged.sh [BASE_REV [RUNS]]   (defaults: HEAD, 100)
#        LOOPS="reference mutant:ids-from-zero" ... compares only those loops.
# exit 0: unchanged; 1: a difference (the diff is printed); 2: BASE could not be built.
set -uo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
runs=${2:-100}
work=$(mktemp -d)
cleanup() { git worktree remove --force "$work/base" >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --detach "$work/base" "$base" >/dev/null 2>&1 || { echo "behaviour-unchanged: no revision $base"; exit 2; }

# snapshot TREE OUT: one line per loop, seed and rule (its verdict), and per case (its traceHash).
snapshot() {
  local tree=$1 out=$2
  (cd "$tree" && ./conformancekit --help >/dev/null 2>&1) || { echo "behaviour-unchanged: $tree does not build"; exit 2; }
  local loops
  loops=$(cd "$tree" && ./conformancekit mutants --json | python3 -c 'import json, sys; print(" ".join("mutant:" + m["name"] for m in json.load(sys.stdin)))')
  : >"$out"
  for loop in ${LOOPS:-reference $loops}; do
    for seed in 1 2 3; do
      (cd "$tree" && ./conformancekit certify --loop "$loop" --tier deterministic --seed "$seed" --runs "$runs" \
        --format json --out "$work/r" --quiet >/dev/null 2>&1)
      python3 - "$work/r/report.json" "$loop" "$seed" >>"$out" <<'PY'
import json, sys
path, loop, seed = sys.argv[1:]
try:
    r = json.load(open(path))
except (OSError, ValueError) as e:
    print(loop, seed, "no report:", type(e).__name__)
    sys.exit(0)
print(loop, seed, "run", r.get("traceHash"), r.get("outcome"))
for rule in r["rules"]:
    print(loop, seed, rule["id"], rule["verdict"])
for case in r["cases"]:
    print(loop, seed, case["id"], case.get("traceHash"))
PY
      rm -rf "$work/r"
    done
  done
}

snapshot "$work/base" "$work/before.txt"
snapshot . "$work/after.txt"
if diff -u "$work/before.txt" "$work/after.txt"; then
  echo "behaviour unchanged: $(cut -d' ' -f1 "$work/after.txt" | sort -u | wc -l) loops x 3 seeds, $(wc -l <"$work/after.txt") verdicts and hashes ($base against this tree, --runs $runs)"
  exit 0
fi
echo "behaviour-unchanged: the lines above differ between $base and this tree"
exit 1
