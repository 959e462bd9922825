#!/usr/bin/env python3
# check-since.py: every documented public symbol, property and enum value
# in the built manual says "Since: 1.0" (or a later 1.x).
#
#   check-since.py DOCS_BUILD_DIR SECTIONS_FILE
#
# gtkdoc-check fails on undocumented symbols but not on a missing Since:
# tag. This reads the DocBook that gtkdoc-mkdb wrote (xml/<file>.xml for
# each <FILE> of the sections file) and fails, naming each offender, on:
#   - a function, macro, struct, enum, typedef, callback or property entry
#     without a <para role="since">;
#   - an enum value whose description does not end in "Since: 1.x";
#   - a public symbol of the sections file that has no entry at all.
import pathlib
import re
import sys

SINCE = re.compile(r'Since:\s*(?:<link[^>]*>)?(1\.\d+)')


def public_symbols(sections):
    """{file: [symbol, ...]} for the symbols outside Standard/Private."""
    files = {}
    current = None
    hidden = False
    for line in sections.read_text(encoding='utf-8').splitlines():
        line = line.strip()
        m = re.fullmatch(r'<FILE>(.+)</FILE>', line)
        if m:
            current = files.setdefault(m.group(1), [])
            hidden = False
        elif line.startswith('<SUBSECTION'):
            hidden = 'Standard' in line or 'Private' in line
        elif line == '</SECTION>':
            current = None
        elif current is not None and line and not line.startswith('<') and not hidden:
            current.append(line)
    return files


def entry_id(symbol):
    """gtk-doc's id for a symbol: TORO_ERROR -> TORO-ERROR:CAPS."""
    ident = symbol.replace('_', '-')
    return ident + ':CAPS' if symbol.isupper() else ident


def main():
    build_dir = pathlib.Path(sys.argv[1])
    sections = pathlib.Path(sys.argv[2])
    problems = []
    n_entries = n_values = 0

    for file, symbols in public_symbols(sections).items():
        xml = build_dir / 'xml' / (file + '.xml')
        if not xml.exists():
            problems.append(f'{xml}: missing (section {file})')
            continue
        text = xml.read_text(encoding='utf-8')
        entries = re.findall(r'<refsect2 id="([^"]+)" role="([^"]+)"[^>]*>(.*?)</refsect2>',
                             text, flags=re.S)
        ids = {i for i, _, _ in entries}
        for symbol in symbols:
            if entry_id(symbol) not in ids and symbol + '-struct' not in ids:
                problems.append(f'{file}: {symbol} has no entry in the manual')
        for ident, role, body in entries:
            n_entries += 1
            if not re.search(r'<para role="since">Since:', body) or not SINCE.search(body):
                problems.append(f'{file}: {ident} ({role}) has no "Since: 1.x"')
            for name, desc in re.findall(r'<row role="constant"><entry role="enum_member_name">'
                                         r'<para id="[^"]+">([^<]+)</para></entry>\s*'
                                         r'<entry role="enum_member_description">(.*?)</entry>',
                                         body, flags=re.S):
                n_values += 1
                if not SINCE.search(desc):
                    problems.append(f'{file}: enum value {name} has no "Since: 1.x"')

    for p in problems:
        print(p)
    print(f'{n_entries} entries and {n_values} enum values checked, {len(problems)} without Since')
    if n_entries == 0:
        print('no entries found: is this the docs build directory?')
        return 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
