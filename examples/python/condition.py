# condition.py: Toro's Condition example, in Python
#
# A waiter waits on a Toro.Condition; a notifier wakes it. As in Toro,
# notify() returns before the waiter runs: the waiter is woken from the
# main loop, after "Done notifying".
#
#   $ meson devenv -C _build python3 examples/python/condition.py
#   I'll wait right here
#   About to notify
#   Done notifying
#   I'm done waiting
#
# Toro.Condition.notify(n) is Toro's notify; it hides GObject.Object.notify()
# on conditions (call GObject.Object.notify(cond, name) for that one).
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version('Toro', '1.0')
from gi.repository import GLib, Toro  # noqa: E402


def main(argv):
    if len(argv) > 1:
        print('Usage: %s\nShows a Toro.Condition waking a waiter.' % argv[0], file=sys.stderr)
        return 2

    loop = GLib.MainLoop()
    condition = Toro.Condition()
    failures = []

    def waiter():
        print("I'll wait right here")
        condition.wait_async(Toro.NO_DEADLINE, None, on_woken)

    def on_woken(condition, result):
        try:
            condition.wait_finish(result)
            print("I'm done waiting")
        except GLib.Error as e:
            failures.append(e)
        loop.quit()

    def notifier():
        print('About to notify')
        condition.notify(1)
        print('Done notifying')

    waiter()
    notifier()
    loop.run()

    for e in failures:
        print('%s: %s' % (argv[0], e.message), file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
