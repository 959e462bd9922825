#!/usr/bin/env python3
# Fails if a public toro-glib function is missing from tests/test-bad-input.c.
#
# Usage: check-bad-input.py SRCDIR
# Every function the public headers declare (after a TORO_AVAILABLE_IN_*
# decorator) must be called in the bad-input test, which gives each one
# NULL, wrong types or out-of-range values. *_get_type () are left out:
# the type checks exercise them.

import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1])
headers = sorted(p for p in (src / 'toro-glib').glob('*.h*')
                 if p.suffix in ('.h', '.in') and '-private' not in p.name)
test = (src / 'tests' / 'test-bad-input.c').read_text()

decl = re.compile(r'TORO_AVAILABLE_IN_\w+\s+[^;{]*?\b(toro_\w+)\s*\(', re.S)
public = set()
for header in headers:
    for name in decl.findall(header.read_text()):
        if not name.endswith('_get_type'):
            public.add(name)

called = set(re.findall(r'\b(toro_\w+)\s*\(', test))
missing = sorted(public - called)

print(f'{len(public)} public functions, {len(public) - len(missing)} in test-bad-input.c')
for name in missing:
    print(f'missing from tests/test-bad-input.c: {name}')
sys.exit(1 if missing or not public else 0)
