# producer-consumer.py: Toro's producer-consumer example, in Python
#
# A producer puts the numbers 0-9 into a Toro.JoinableQueue that holds at
# most three; a consumer gets them one by one and does its work; main
# waits, with join_async(), until every item has been worked on, then
# prints "Done". The same program as examples/producer-consumer.c, and it
# prints the same lines.
#
#   $ meson devenv -C _build python3 examples/python/producer-consumer.py
#   Doing work on 0
#   Put 0
#   ...
#   Done
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version('Toro', '1.0')
from gi.repository import GLib, Gio, Toro  # noqa: E402


def main(argv):
    n_items = 10
    if len(argv) > 2 or (len(argv) == 2 and not (argv[1].isdigit() and int(argv[1]) > 0)):
        print('Usage: %s [N_ITEMS]\n'
              'Puts N_ITEMS numbers (default 10) through a queue of three.' % argv[0],
              file=sys.stderr)
        return 2
    if len(argv) == 2:
        n_items = int(argv[1])

    q = Toro.JoinableQueue.new(3)
    loop = GLib.MainLoop()
    stop = Gio.Cancellable()
    failures = []
    consuming = []      # non-empty while the consumer waits for an item

    def fail(error):
        failures.append(error)
        loop.quit()

    # while True: item = yield q.get(); ...; q.task_done()
    def consumer():
        consuming.append(True)
        q.get_async(Toro.NO_DEADLINE, stop, on_got)

    def on_got(q, result):
        consuming.clear()
        try:
            item = q.get_finish(result)     # the item itself: an int
        except GLib.Error as e:
            # main() stops the consumer once all the work is done.
            if not e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
                fail(e)
            loop.quit()
            return
        print('Doing work on', item)
        q.task_done()
        consumer()

    # for item in range(10): yield q.put(item); then yield q.join()
    def producer(item=0):
        if item == n_items:
            q.join_async(Toro.NO_DEADLINE, None, on_joined)
        else:
            q.put_async(item, Toro.NO_DEADLINE, None, on_put, item)

    def on_put(q, result, item):
        try:
            q.put_finish(result)
        except GLib.Error as e:
            return fail(e)
        print('Put', item)
        producer(item + 1)

    def on_joined(q, result):
        try:
            q.join_finish(result)
        except GLib.Error as e:
            return fail(e)
        print('Done')
        loop.quit()

    consumer()
    producer()
    loop.run()

    # The consumer waits for an item that will never come: stop it.
    stop.cancel()
    if consuming:
        loop.run()

    for e in failures:
        print('%s: %s' % (argv[0], e.message), file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
