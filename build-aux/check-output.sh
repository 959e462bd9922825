#!/bin/sh
# Runs an example and checks what it prints.
#
#   check-output.sh EXPECTED PROGRAM [ARGS...]
#       PROGRAM must exit 0 and print exactly the contents of EXPECTED.
#   check-output.sh --usage PROGRAM [ARGS...]
#       PROGRAM must exit non-zero and explain itself on stderr ("Usage:").
#   check-output.sh --mask SED_EXPR EXPECTED PROGRAM [ARGS...]
#       As the first form, after passing the output through sed -E SED_EXPR:
#       for what changes from run to run, like a duration.
#       The masked line is still compared, so its shape is checked.
set -u

if [ "$1" = "--usage" ]; then
  shift
  err=$("$@" 2>&1 >/dev/null)
  status=$?
  if [ $status -eq 0 ]; then
    echo "FAIL: '$*' exited 0 on bad arguments" >&2
    exit 1
  fi
  case "$err" in
    *Usage:*) echo "ok: '$*' exited $status with a usage message"; exit 0 ;;
    *) echo "FAIL: '$*' printed no usage message; stderr was:" >&2
       printf '%s\n' "$err" >&2
       exit 1 ;;
  esac
fi

mask=""
if [ "$1" = "--mask" ]; then
  mask=$2
  shift 2
fi

expected=$1
shift
out=$(mktemp)
trap 'rm -f "$out" "$out.masked"' EXIT

"$@" >"$out"
status=$?
if [ $status -ne 0 ]; then
  echo "FAIL: '$*' exited $status" >&2
  cat "$out" >&2
  exit 1
fi
if [ -n "$mask" ]; then
  cat "$out" >&2   # the real output, for the log
  sed -E "$mask" <"$out" >"$out.masked" && mv "$out.masked" "$out" || exit 1
fi
if ! diff -u "$expected" "$out"; then
  echo "FAIL: '$*' printed something else than $expected" >&2
  exit 1
fi
echo "ok: '$*' printed $(wc -l <"$out") expected lines"
