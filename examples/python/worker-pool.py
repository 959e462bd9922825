# worker-pool.py: workers draining a queue of jobs, in Python
#
# N_JOBS jobs wait in a Toro.JoinableQueue; N_WORKERS workers take them one
# at a time, but a Toro.BoundedSemaphore lets only two jobs run at once
# (think of two connections to a server). The whole pool works to one
# absolute deadline, ten seconds from the start: a worker that cannot get a
# slot by then, or jobs not all done by then, fail with Toro.Error.TIMEOUT.
# A worker that waits 50 ms for a job without getting one goes home.
#
#   $ meson devenv -C _build python3 examples/python/worker-pool.py
#   worker 1 starts job-1 (1 running)
#   worker 2 starts job-2 (2 running)
#   ...
#   All 8 jobs done before the deadline; at most 2 ran at once
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import sys

import gi

gi.require_version('Toro', '1.0')
from gi.repository import GLib, Toro  # noqa: E402

MAX_RUNNING = 2
POOL_USEC = 10 * 1_000_000      # the pool's deadline, from the start
IDLE_USEC = 50_000              # how long a worker waits for a job


def usage(argv0):
    print('Usage: %s [N_JOBS [N_WORKERS]]\n'
          'Runs N_JOBS jobs (default 8) on N_WORKERS workers (default 3), '
          'at most %d at once.' % (argv0, MAX_RUNNING), file=sys.stderr)
    return 2


class Pool:
    def __init__(self, n_jobs, n_workers):
        self.loop = GLib.MainLoop()
        self.jobs = Toro.JoinableQueue.new(0)
        self.slots = Toro.BoundedSemaphore.new(MAX_RUNNING)
        # One absolute deadline for everything the pool waits for.
        self.deadline = Toro.deadline_after(POOL_USEC)
        self.n_jobs = n_jobs
        self.running = 0
        self.max_running = 0
        self.all_done = False
        self.workers = [Worker(self, n) for n in range(1, n_workers + 1)]
        self.failures = []

        for k in range(1, n_jobs + 1):
            self.jobs.put_nowait('job-%d' % k)

    def run(self):
        for worker in self.workers:
            worker.next_job()
        self.jobs.join_async(self.deadline, None, self.on_joined)
        self.loop.run()

    def on_joined(self, jobs, result):
        try:
            jobs.join_finish(result)
            self.all_done = True
        except GLib.Error as e:
            self.fail(e)
        self.check_finished()

    def check_finished(self):
        if self.failures or (self.all_done and all(w.home for w in self.workers)):
            self.loop.quit()

    def fail(self, error):
        self.failures.append(error)
        self.loop.quit()


class Worker:
    def __init__(self, pool, number):
        self.pool = pool
        self.number = number
        self.job = None
        self.steps = 0
        self.n_done = 0
        self.home = False

    def next_job(self):
        self.pool.jobs.get_async(Toro.deadline_after(IDLE_USEC), None, self.on_job)

    def on_job(self, jobs, result):
        try:
            self.job = jobs.get_finish(result)       # the job's name, a str
        except GLib.Error as e:
            if e.matches(Toro.error_quark(), Toro.Error.TIMEOUT):
                self.home = True                     # no job came: go home
                self.pool.check_finished()
            else:
                self.pool.fail(e)
            return
        self.pool.slots.acquire_async(self.pool.deadline, None, self.on_slot)

    def on_slot(self, slots, result):
        try:
            slots.acquire_finish(result)
        except GLib.Error as e:
            return self.pool.fail(e)
        pool = self.pool
        pool.running += 1
        pool.max_running = max(pool.max_running, pool.running)
        print('worker %d starts %s (%d running)' % (self.number, self.job, pool.running))
        # The work itself: a few main-loop iterations, standing in for I/O.
        self.steps = 1 + int(self.job.split('-')[1]) * 2 % 3
        GLib.idle_add(self.work)

    def work(self):
        self.steps -= 1
        if self.steps > 0:
            return GLib.SOURCE_CONTINUE
        pool = self.pool
        pool.running -= 1
        print('worker %d finished %s' % (self.number, self.job))
        pool.slots.release()
        pool.jobs.task_done()
        self.n_done += 1
        self.next_job()
        return GLib.SOURCE_REMOVE


def main(argv):
    try:
        counts = [int(a) for a in argv[1:]]
    except ValueError:
        return usage(argv[0])
    if len(counts) > 2 or any(c <= 0 for c in counts):
        return usage(argv[0])
    n_jobs, n_workers = (counts + [8, 3][len(counts):])[:2]

    pool = Pool(n_jobs, n_workers)
    pool.run()

    if pool.failures:
        for e in pool.failures:
            print('%s: %s' % (argv[0], e.message), file=sys.stderr)
        return 1
    print('All %d jobs done before the deadline; at most %d ran at once'
          % (n_jobs, pool.max_running))
    print('%d workers went home after %d ms without a job' % (n_workers, IDLE_USEC // 1000))
    for w in pool.workers:
        print('worker %d did %d job%s' % (w.number, w.n_done, '' if w.n_done == 1 else 's'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
