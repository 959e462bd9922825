// worker-pool.js: workers draining a queue of jobs, in JavaScript
//
// N_JOBS jobs wait in a Toro.JoinableQueue; N_WORKERS workers take them one
// at a time, but a Toro.BoundedSemaphore lets only two jobs run at once
// (think of two connections to a server). The whole pool works to one
// absolute deadline, ten seconds from the start: a worker that cannot get a
// slot by then, or jobs not all done by then, fail with Toro.Error.TIMEOUT.
// A worker that waits 50 ms for a job without getting one goes home.
// The same program as examples/python/worker-pool.py, written with await.
//
//   $ meson devenv -C _build gjs -m examples/gjs/worker-pool.js
//   worker 1 starts job-1 (1 running)
//   worker 2 starts job-2 (2 running)
//   ...
//   All 8 jobs done before the deadline; at most 2 ran at once
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';
import System from 'system';

Gio._promisify(Toro.Queue.prototype, 'get_async', 'get_finish');
Gio._promisify(Toro.JoinableQueue.prototype, 'join_async', 'join_finish');
Gio._promisify(Toro.Semaphore.prototype, 'acquire_async', 'acquire_finish');

const MAX_RUNNING = 2;
const POOL_USEC = 10 * 1000000;   // the pool's deadline, from the start
const IDLE_USEC = 50000;          // how long a worker waits for a job

// The work itself: a few main-loop iterations, standing in for I/O.
function work(steps) {
    return new Promise(resolve => {
        GLib.idle_add(GLib.PRIORITY_DEFAULT_IDLE, () => {
            if (--steps > 0)
                return GLib.SOURCE_CONTINUE;
            resolve();
            return GLib.SOURCE_REMOVE;
        });
    });
}

class Pool {
    constructor(nJobs, nWorkers) {
        this.jobs = Toro.JoinableQueue.new(0);
        this.slots = Toro.BoundedSemaphore.new(MAX_RUNNING);
        // One absolute deadline for everything the pool waits for.
        this.deadline = Toro.deadline_after(POOL_USEC);
        this.running = 0;
        this.maxRunning = 0;
        this.done = new Array(nWorkers).fill(0);
        for (let k = 1; k <= nJobs; k++)
            this.jobs.put_nowait(`job-${k}`);
    }

    async worker(number) {
        for (;;) {
            let job;
            try {
                // eslint-disable-next-line no-await-in-loop
                job = await this.jobs.get_async(Toro.deadline_after(IDLE_USEC), null);
            } catch (e) {
                if (e.matches(Toro.Error, Toro.Error.TIMEOUT))
                    return;        // no job came: go home
                throw e;
            }
            // eslint-disable-next-line no-await-in-loop
            await this.slots.acquire_async(this.deadline, null);
            this.running++;
            this.maxRunning = Math.max(this.maxRunning, this.running);
            print(`worker ${number} starts ${job} (${this.running} running)`);
            // eslint-disable-next-line no-await-in-loop
            await work(1 + Number(job.split('-')[1]) * 2 % 3);
            this.running--;
            print(`worker ${number} finished ${job}`);
            this.slots.release();
            this.jobs.task_done();
            this.done[number - 1]++;
        }
    }

    async run() {
        const workers = this.done.map((_, i) => this.worker(i + 1));
        await this.jobs.join_async(this.deadline, null);
        await Promise.all(workers);
    }
}

function usage() {
    printerr(`Usage: ${System.programInvocationName} [N_JOBS [N_WORKERS]]\n` +
        `Runs N_JOBS jobs (default 8) on N_WORKERS workers (default 3), at most ${MAX_RUNNING} at once.`);
    return 2;
}

function main(argv) {
    if (argv.length > 2 || !argv.every(a => /^[0-9]+$/.test(a) && Number(a) > 0))
        return usage();
    const [jobs = 8, workers = 3] = argv.map(Number);

    const pool = new Pool(jobs, workers);
    const loop = new GLib.MainLoop(null, false);
    let status = 0;
    pool.run().then(() => {
        print(`All ${jobs} jobs done before the deadline; at most ${pool.maxRunning} ran at once`);
        print(`${workers} workers went home after ${IDLE_USEC / 1000} ms without a job`);
        pool.done.forEach((n, i) => print(`worker ${i + 1} did ${n} job${n === 1 ? '' : 's'}`));
    }, e => {
        printerr(`${System.programInvocationName}: ${e.message}`);
        status = 1;
    }).finally(() => loop.quit());
    loop.run();
    return status;
}

System.exit(main(ARGV));
