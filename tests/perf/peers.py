#!/usr/bin/python3
"""toro-glib through PyGObject next to asyncio and Tornado, in one run.

Times the same two scenarios on each, in this process, and prints the
median of several rounds and each result's ratio to asyncio's:

  - queue ping-pong: a producer puts N integers into a queue of two, a
    consumer gets them, each waiting on the queue in turn;
  - contended lock: 100 chains each acquire, release and go round again.

Run it with the Python that has gi, from a build tree:

    meson devenv -C _build /usr/bin/python3 tests/perf/peers.py

or with GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the build's
introspection/ and toro-glib/ directories.
"""

import argparse
import asyncio
import statistics
import sys
import time

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Toro", "1.0")
from gi.repository import GLib, Toro  # noqa: E402

try:
    import tornado.ioloop
    import tornado.locks
    import tornado.queues
except ImportError:  # python3-tornado is optional
    tornado = None


# asyncio

async def asyncio_ping_pong(n):
    q = asyncio.Queue(maxsize=2)

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        for i in range(n):
            item = await q.get()
            assert item == i

    start = time.perf_counter()
    await asyncio.gather(consumer(), producer())
    return (time.perf_counter() - start) / n


async def asyncio_lock(n, chains=100):
    lock = asyncio.Lock()
    rounds = n // chains

    async def chain():
        for _ in range(rounds):
            await lock.acquire()
            lock.release()
            await asyncio.sleep(0)   # go round the loop, as a callback chain does

    start = time.perf_counter()
    await asyncio.gather(*(chain() for _ in range(chains)))
    return (time.perf_counter() - start) / (rounds * chains)


# Tornado (on its asyncio loop)

async def tornado_ping_pong(n):
    q = tornado.queues.Queue(maxsize=2)

    async def producer():
        for i in range(n):
            await q.put(i)

    async def consumer():
        for i in range(n):
            item = await q.get()
            assert item == i

    start = time.perf_counter()
    await asyncio.gather(consumer(), producer())
    return (time.perf_counter() - start) / n


async def tornado_lock(n, chains=100):
    lock = tornado.locks.Lock()
    rounds = n // chains

    async def chain():
        for _ in range(rounds):
            await lock.acquire()
            lock.release()
            await asyncio.sleep(0)

    start = time.perf_counter()
    await asyncio.gather(*(chain() for _ in range(chains)))
    return (time.perf_counter() - start) / (rounds * chains)


# toro-glib through PyGObject, on a GLib main loop

def toro_ping_pong(n):
    q = Toro.Queue.new(2)
    loop = GLib.MainLoop()
    state = {"put": 0, "got": 0}

    def put_next():
        q.put_async(state["put"], Toro.NO_DEADLINE, None, on_put)

    def on_put(queue, result):
        queue.put_finish(result)
        state["put"] += 1
        if state["put"] < n:
            put_next()

    def on_got(queue, result):
        item = queue.get_finish(result)
        assert item == state["got"]
        state["got"] += 1
        if state["got"] == n:
            loop.quit()
        else:
            queue.get_async(Toro.NO_DEADLINE, None, on_got)

    start = time.perf_counter()
    q.get_async(Toro.NO_DEADLINE, None, on_got)
    put_next()
    loop.run()
    return (time.perf_counter() - start) / n


def toro_lock(n, chains=100):
    lock = Toro.Lock.new()
    loop = GLib.MainLoop()
    rounds = n // chains
    state = {"left": chains}

    def start_chain(remaining):
        def on_acquired(lk, result):
            lk.acquire_finish(result)
            lk.release()
            if remaining > 1:
                start_chain(remaining - 1)
            else:
                state["left"] -= 1
                if state["left"] == 0:
                    loop.quit()
        lock.acquire_async(Toro.NO_DEADLINE, None, on_acquired)

    start = time.perf_counter()
    for _ in range(chains):
        start_chain(rounds)
    loop.run()
    return (time.perf_counter() - start) / (rounds * chains)


def median_of(rounds, fn):
    return statistics.median(fn() for _ in range(rounds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100000, help="items or hand-offs per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n, rounds = args.items, args.rounds

    rows = []
    for scenario, peers in (
        ("queue ping-pong (cap 2)", [
            ("asyncio.Queue", lambda: asyncio.run(asyncio_ping_pong(n))),
            ("tornado.queues.Queue", lambda: asyncio.run(tornado_ping_pong(n)) if tornado else None),
            ("Toro.Queue (PyGObject)", lambda: toro_ping_pong(n)),
        ]),
        ("lock, 100 chains, per hand-off", [
            ("asyncio.Lock", lambda: asyncio.run(asyncio_lock(n))),
            ("tornado.locks.Lock", lambda: asyncio.run(tornado_lock(n)) if tornado else None),
            ("Toro.Lock (PyGObject)", lambda: toro_lock(n)),
        ]),
    ):
        results = {}
        for name, fn in peers:
            samples = [fn() for _ in range(rounds)]
            if None in samples:
                continue
            results[name] = statistics.median(samples)
        base = next(iter(results.values()))
        for name, seconds in results.items():
            rows.append((scenario, name, seconds * 1e6, seconds / base))

    print(f"\nPython {sys.version.split()[0]}, PyGObject {gi.__version__}, "
          f"median of {rounds} rounds of {n}; ratios are to asyncio in the same run\n")
    print(f"{'scenario':32} {'implementation':26} {'us/op':>8} {'x asyncio':>10}")
    print(f"{'-' * 32} {'-' * 26} {'-' * 8} {'-' * 10}")
    for scenario, name, micros, ratio in rows:
        print(f"{scenario:32} {name:26} {micros:8.2f} {ratio:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
