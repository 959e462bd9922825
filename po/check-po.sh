#!/bin/sh
# Checks the translations against the sources.
#
#   check-po.sh SOURCE_ROOT XGETTEXT MSGCMP MSGFMT
#
# Fails if a file under toro-glib/ marks a message with _() or N_() but is
# missing from po/POTFILES.in (or POTFILES.in names a file that marks
# none), if a language in po/LINGUAS lacks a translation (or has a fuzzy
# one) for any message of the sources, or if msgfmt --check rejects a .po.
set -u

top=$1
xgettext=$2
msgcmp=$3
msgfmt=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

cd "$top" || exit 1

# What marks messages, and what POTFILES.in lists, both sorted.
grep -l -E '(^|[^A-Za-z0-9_])N?_ ?\("' toro-glib/*.c | LC_ALL=C sort >"$tmp/marked"
grep -v -E '^[[:space:]]*(#|$)' po/POTFILES.in | LC_ALL=C sort >"$tmp/listed"
if ! diff -u "$tmp/listed" "$tmp/marked" >"$tmp/diff"; then
  echo "FAIL: po/POTFILES.in (-) differs from the files that mark messages (+):"
  cat "$tmp/diff"
  status=1
fi
if ! LC_ALL=C sort -c po/POTFILES.in 2>/dev/null; then
  echo "FAIL: po/POTFILES.in is not sorted"
  status=1
fi

# The template, as i18n.gettext (preset glib) would extract it.
"$xgettext" --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --files-from=po/POTFILES.in --output="$tmp/toro.pot" || exit 1
n=$(grep -c '^msgid "..*"' "$tmp/toro.pot")
if [ "$n" -eq 0 ]; then
  echo "FAIL: no messages found in the sources"
  exit 1
fi

langs=$(grep -v -E '^[[:space:]]*(#|$)' po/LINGUAS)
if [ -z "$langs" ]; then
  echo "FAIL: po/LINGUAS lists no language"
  status=1
fi
for lang in $langs; do
  if ! "$msgfmt" --check --output-file=/dev/null "po/$lang.po"; then
    echo "FAIL: po/$lang.po: msgfmt --check failed"
    status=1
  fi
  # msgcmp counts untranslated and fuzzy entries as missing.
  if ! "$msgcmp" "po/$lang.po" "$tmp/toro.pot" 2>"$tmp/cmp"; then
    echo "FAIL: po/$lang.po does not translate every message:"
    cat "$tmp/cmp"
    status=1
  else
    echo "ok: po/$lang.po translates all $n messages"
  fi
done
exit $status
