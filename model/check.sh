#!/usr/bin/env bash
# model/check.sh -- checks model/decant.pml exhaustively with spin.
#
#   bash model/check.sh            the default runs (about a minute on 2 idle cores)
#   bash model/check.sh --deep     the default runs and the bigger ones (several minutes)
#   bash model/check.sh --trails   also rewrites model/trails/*.txt from the counterexamples
#
# Every run is one verification: spin -a, gcc -DSAFETY, pan (a full depth-first search of the
# state space with partial-order reduction; assertion violations and invalid end states are errors).
# A run marked "hold" must finish its search with no error; a run marked "error" has one fix switched
# off and must find a counterexample, showing that the model catches that hole. The script exits
# non-zero when any run does not do what it must, and ends with "model: N passed, M failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
model="$here/decant.pml"
deep=0
trails=0
for a in "$@"; do
  case "$a" in
    --deep) deep=1 ;;
    --trails) trails=1 ;;
    *) echo "usage: $0 [--deep] [--trails]" >&2; exit 2 ;;
  esac
done

# --- tools: spin and a C compiler (CI runs as root) ------------------------------------------------
if ! command -v spin >/dev/null 2>&1 || ! command -v gcc >/dev/null 2>&1; then
  echo "model: installing spin and gcc with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq spin gcc >/dev/null
fi

# --- the runs ----------------------------------------------------------------------------------------
# name | expect (hold / error) | spin -D flags | trail file (error runs) | what it shows
# Defaults of the model: 2 instances, 1 key, 1 call per instance, 1 failed store write, 1 crash,
# 1 pause past dead-after (instance 1), the repairer and its sweeper always running.
runs=(
  "all-fixes rollback NEW_ONLY->SHADOW_READ|hold|-DSCRIPT=3||rollback across the flip, NEW_ONLY writes, crash, pause, failure, repairer"
  "all-fixes advance SHADOW_READ->READ_NEW|hold|-DSCRIPT=2||the authority flip with both write orders in flight"
  "all-fixes journey, 3 changes, pause|hold|-DSCRIPT=1 -DMAXCRASH=0||READ_NEW, NEW_ONLY, rollback; a pause, a failure"
  "all-fixes journey, 3 changes, crash|hold|-DSCRIPT=1 -DMAXPAUSE=0||READ_NEW, NEW_ONLY, rollback; a crash, a failure"
  "all-fixes 2 keys, flip, crash+pause|hold|-DSCRIPT=2 -DNK=2 -DMAXFAULTS=0||two keys, no store failure"
  "all-fixes 2 keys, flip, 2 failures|hold|-DSCRIPT=2 -DNK=2 -DMAXFAULTS=2 -DMAXCRASH=0 -DMAXPAUSE=0||two keys, two store failures"
  "hole 1 fixed|hold|-DSCRIPT=3 -DCALLS1=0 -DMAXFAULTS=0 -DMAXPAUSE=0 -DCRASH_BETWEEN_CALLS||"
  "hole 1 NO_DURABLE_NEW_ONLY_KEYS|error|-DNO_DURABLE_NEW_ONLY_KEYS -DSCRIPT=3 -DCALLS1=0 -DMAXFAULTS=0 -DMAXPAUSE=0 -DCRASH_BETWEEN_CALLS|hole1-no-durable-new-only-keys|"
  "hole 2 fixed|hold|-DVERSIONS -DSCRIPT=4 -DMAXCRASH=0 -DMAXPAUSE=0||"
  "hole 2 VERSION_OVERRIDES_CERTAIN|error|-DVERSION_OVERRIDES_CERTAIN -DVERSIONS -DSCRIPT=4 -DMAXCRASH=0 -DMAXPAUSE=0|hole2-version-overrides-certain|"
  "hole 3 / finding D fixed|hold|-DSCRIPT=2 -DMAXFAULTS=0 -DMAXCRASH=0||"
  "hole 3 NO_FENCING|error|-DNO_FENCING -DSCRIPT=2 -DMAXFAULTS=0 -DMAXCRASH=0|hole3-no-fencing|"
  "finding A fixed|hold|-DSCRIPT=2 -DMAXFAULTS=2 -DMAXCRASH=0 -DMAXPAUSE=0||"
  "finding A INTENT_SUPERSEDES|error|-DINTENT_SUPERSEDES -DSCRIPT=2 -DMAXFAULTS=2 -DMAXCRASH=0 -DMAXPAUSE=0|findingA-intent-supersedes|"
  "finding B fixed|hold|-DSCRIPT=3 -DMAXFAULTS=0 -DMAXCRASH=0 -DMAXPAUSE=0||"
  "finding B NEW_ONLY_WITHOUT_INTENT|error|-DNEW_ONLY_WITHOUT_INTENT -DSCRIPT=3 -DMAXFAULTS=0 -DMAXCRASH=0 -DMAXPAUSE=0|findingB-new-only-without-intent|"
  "finding C fixed|hold|-DSCRIPT=3 -DMAXCRASH=0||"
  "finding C UNFENCED_JOURNAL|error|-DUNFENCED_JOURNAL -DSCRIPT=3 -DMAXCRASH=0|findingC-unfenced-journal|"
  "finding D LATE_WRITE|error|-DLATE_WRITE -DSCRIPT=2 -DMAXFAULTS=0 -DMAXCRASH=0|findingD-late-write|"
  "finding E fixed|hold|-DSCRIPT=3 -DMAXFAULTS=1 -DMAXCRASH=0 -DMAXPAUSE=0||"
  "finding E UNCONDITIONAL_COPY|error|-DUNCONDITIONAL_COPY -DSCRIPT=3 -DMAXFAULTS=1 -DMAXCRASH=0 -DMAXPAUSE=0|findingE-unconditional-copy|"
  "finding E NO_RESEQ (half the fix)|error|-DNO_RESEQ -DSCRIPT=3 -DMAXFAULTS=1 -DMAXCRASH=0 -DMAXPAUSE=0|findingE-no-seq-check|"
  "finding E NO_CAS (other half)|error|-DNO_CAS -DSCRIPT=3 -DMAXFAULTS=1 -DMAXCRASH=0 -DMAXPAUSE=0|findingE-no-conditional-write|"
  "finding F fixed|hold|-DSCRIPT=3 -DMAXFAULTS=2 -DMAXCRASH=0 -DMAXPAUSE=0||"
  "finding F NEW_ONLY_ENQUEUE_FIRST|error|-DNEW_ONLY_ENQUEUE_FIRST -DSCRIPT=3 -DMAXFAULTS=2 -DMAXCRASH=0 -DMAXPAUSE=0|findingF-new-only-enqueue-first|"
)
if [[ $deep == 1 ]]; then
  runs+=(
    "deep: journey, 3 changes, crash+pause|hold|-DSCRIPT=1||"
    "deep: READ_NEW->NEW_ONLY->rollback|hold|-DSCRIPT=5||"
    "deep: 2 keys, flip, crash+pause+failure|hold|-DSCRIPT=2 -DNK=2||"
    "deep: 2+1 calls, flip|hold|-DSCRIPT=2 -DCALLS0=2 -DCALLS1=1||"
    "deep: 2+2 calls, 2 failures, steady|hold|-DSCRIPT=4 -DCALLS0=2 -DCALLS1=2 -DMAXFAULTS=2||"
    "deep: rollback, either instance pauses|hold|-DSCRIPT=3 -DPAUSE_BOTH||"
    "deep: rollback without the NEW_ONLY guard|hold|-DSCRIPT=5 -DFORCE_NEW_ONLY||"
  )
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/decant-model.XXXXXX")
trap 'rm -rf "$work"' EXIT
jobs_max=$(nproc 2>/dev/null || echo 2)
(( jobs_max > 2 )) && jobs_max=2

# one run: writes $work/<n>/result as "verdict|stored|matched|depth|seconds|note"
verify() {
  local expect=$2 flags=$3 dir="$work/$1"
  mkdir -p "$dir"
  cp "$model" "$dir/decant.pml"
  cd "$dir"
  # shellcheck disable=SC2086
  spin -a $flags decant.pml >spin.out 2>&1 || { echo "FAIL|-|-|-|-|spin -a failed: $(head -1 spin.out)" >result; return; }
  gcc -O2 -w -DSAFETY -DNOBOUNDCHECK -DMEMLIM=6000 -o pan pan.c 2>gcc.out || { echo "FAIL|-|-|-|-|gcc failed" >result; return; }
  local t0 t1 secs
  t0=$(date +%s.%N)
  ./pan -m3000000 "-w$4" >pan.out 2>&1 || true     # -w: log2 of the hash table's slots
  t1=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  local errors stored matched depth note verdict
  errors=$(sed -nE 's/.*errors: ([0-9]+).*/\1/p' pan.out | tail -1)
  stored=$(sed -nE 's/^ *([0-9.e+]+) states, stored.*/\1/p' pan.out | tail -1)
  matched=$(sed -nE 's/^ *([0-9.e+]+) states, matched.*/\1/p' pan.out | tail -1)
  depth=$(sed -nE 's/.*depth reached ([0-9]+).*/\1/p' pan.out | tail -1)
  note=$(grep -m1 -E '^pan:[0-9]+: ' pan.out | sed -E 's/^pan:[0-9]+: //; s/ \(at depth [0-9]+\)//' || true)
  if grep -qE 'max search depth too small|reached -DMEMLIM bound|out of memory' pan.out; then
    verdict=FAIL; note="search incomplete: $(grep -m1 -E 'max search depth too small|reached -DMEMLIM bound|out of memory' pan.out)"
  elif [[ -z $errors ]]; then
    verdict=FAIL; note="pan gave no result: $(tail -1 pan.out)"
  elif [[ $expect == hold ]]; then
    if [[ $errors == 0 ]]; then verdict=ok; note="no error"; else verdict=FAIL; note="UNEXPECTED: $note"; fi
  else
    if [[ $errors != 0 && $note == *"assertion violated"* ]]; then verdict=ok; note="caught: $note"
    else verdict=FAIL; note="NOT caught: ${note:-no error found}"; fi
  fi
  echo "$verdict|${stored:--}|${matched:--}|${depth:--}|$secs|$note" >result
}

# a counterexample as text: the model's own narration, then the steps (one line per atomic step)
write_trail() {
  local flags=$2 dir="$work/$1" out="$here/trails/$3.txt" header=""
  mkdir -p "$here/trails"
  if [[ -f $out ]] && grep -q '^==== generated by check.sh' "$out"; then
    header=$(sed '/^==== generated by check.sh/,$d' "$out")
  fi
  (
    cd "$dir"
    [[ -n $header ]] && printf '%s\n\n' "$header"
    echo "==== generated by check.sh --trails: spin -t $flags decant.pml"
    echo "# directions: L->N = LEGACY_TO_NEW, N->L = NEW_TO_LEGACY; phases: 2 SHADOW_READ, 3 READ_NEW, 4 NEW_ONLY"
    echo "# I0, I1 = the two instances (MigrationRouter + InstancePresence); values are write sequence numbers"
    echo
    # shellcheck disable=SC2086
    spin -t $flags decant.pml 2>&1 | grep -E 'MSC:|assertion' | sed -E 's/^ *//; s/^MSC: //; s/^spin: decant.pml:[0-9]+, Error: /=> /' || true
    echo
    echo "==== the same trail, spin -t -p (printf and bookkeeping left out; one line per atomic step)"
    # shellcheck disable=SC2086
    spin -t -p $flags decant.pml 2>&1 \
      | sed -nE 's/^ *[0-9]+:[[:space:]]+proc +([0-9]+) \(([A-Za-z:]+):[0-9]+\) decant\.pml:([0-9]+) \(state [0-9]+\)[[:space:]]+\[(.*)\]$/\2(\1)\t\4/p' \
      | grep -vE $'\t(printf|\\(1\\)$|else$|\\.\\(goto\\)$|goto )' \
      | grep -vE $'\t(lc|nc|v|from|d|k|p|dir|rej|call_v\\[i\\]|call_k\\[i\\]|call_c\\[i\\]) = 0$' \
      | awk -F'\t' '{ if ($1 == cur) line = line "; " $2; else { if (cur != "") print cur ": " line; cur = $1; line = $2 } }
                   END { if (cur != "") print cur ": " line }' \
      | grep -v '^:init:' || true
  ) >"$out"
}

# --- run them, two at a time -----------------------------------------------------------------------
start=$(date +%s.%N)
i=0
for r in "${runs[@]}"; do
  IFS='|' read -r name expect flags trail what <<<"$r"
  hashbits=21
  [[ $name == all-fixes* || $name == deep* ]] && hashbits=26
  ( verify "run$i" "$expect" "$flags" "$hashbits" ) &
  i=$((i + 1))
  while (( $(jobs -rp | wc -l) >= jobs_max )); do wait -n || true; done
done
wait
end=$(date +%s.%N)

# --- the summary -------------------------------------------------------------------------------------
passed=0
failed=0
printf '\n%-44s %-6s %-5s %11s %11s %6s %7s  %s\n' "run" "expect" "ok?" "stored" "matched" "depth" "seconds" "outcome"
printf '%s\n' "$(printf '%.0s-' {1..130})"
i=0
for r in "${runs[@]}"; do
  IFS='|' read -r name expect flags trail what <<<"$r"
  IFS='|' read -r verdict stored matched depth secs note <"$work/run$i/result"
  printf '%-44s %-6s %-5s %11s %11s %6s %7s  %s\n' "$name" "$expect" "$verdict" "$stored" "$matched" "$depth" "$secs" "$note"
  if [[ $verdict == ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  if [[ $trails == 1 && $expect == error && $verdict == ok && -n $trail ]]; then
    write_trail "run$i" "$flags" "$trail"
  fi
  i=$((i + 1))
done
printf '%s\n' "$(printf '%.0s-' {1..130})"
awk -v a="$start" -v b="$end" 'BEGIN { printf "wall time %.0f s on %d parallel job(s)\n", b - a, '"$jobs_max"' }'
[[ $trails == 1 ]] && echo "trails written to $here/trails/"
echo
echo "model: $passed passed, $failed failed"
[[ $failed == 0 ]]
