// testPromises.js: `await` on toro-glib from GJS, through Gio._promisify
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The pattern the README documents: promisify each _async/_finish pair once,
// on the prototype of the class that declares it (subclasses inherit it),
// then `await obj.x_async(deadline, cancellable)`; a failure rejects the
// promise with the GLib.Error, so try/catch works as usual.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';

import {
    test, run, settle, assert, assertEqual, assertToroError, assertCancelled,
} from './harness.js';

const ASYNC_METHODS = [
    [Toro.AsyncResult, 'get'],
    [Toro.Lock, 'acquire'],
    [Toro.RWLock, 'acquire_read'],
    [Toro.RWLock, 'acquire_write'],
    [Toro.Semaphore, 'acquire'],
    [Toro.Semaphore, 'wait'],
    [Toro.Condition, 'wait'],
    [Toro.Event, 'wait'],
    [Toro.Queue, 'put'],
    [Toro.Queue, 'get'],
    [Toro.JoinableQueue, 'join'],
];
for (const [Class, name] of ASYNC_METHODS)
    Gio._promisify(Class.prototype, `${name}_async`, `${name}_finish`);

// Resolves to the error the promise rejects with (and fails if it resolves).
async function rejection(promise) {
    try {
        const value = await promise;
        throw new Error(`expected a rejection, got ${value}`);
    } catch (e) {
        return e;
    }
}

test('promise/every-async-method-returns-a-promise', async () => {
    // Each object is in a state where the wait completes at once.
    const ready = {
        'AsyncResult.get': () => {
            const r = new Toro.AsyncResult();
            r.set('v');
            return [r, [], 'v'];
        },
        'Lock.acquire': () => [new Toro.Lock(), [], true],
        'RWLock.acquire_read': () => [new Toro.RWLock(), [], true],
        'RWLock.acquire_write': () => [new Toro.RWLock(), [], true],
        'Semaphore.acquire': () => [new Toro.Semaphore(), [], true],
        'Semaphore.wait': () => [new Toro.BoundedSemaphore(), [], true],
        'Condition.wait': () => {
            const c = new Toro.Condition();
            GLib.idle_add(GLib.PRIORITY_DEFAULT, () => {
                c.notify_all();
                return GLib.SOURCE_REMOVE;
            });
            return [c, [], true];
        },
        'Event.wait': () => {
            const e = new Toro.Event();
            e.set();
            return [e, [], true];
        },
        'Queue.put': () => [new Toro.Queue(), ['x'], true],
        'Queue.get': () => {
            const q = new Toro.LifoQueue();
            q.put_nowait('y');
            return [q, [], 'y'];
        },
        'JoinableQueue.join': () => [new Toro.JoinableQueue(), [], true],
    };
    for (const [Class, name] of ASYNC_METHODS) {
        const key = `${Class.$gtype.name.replace(/^Toro/, '')}.${name}`;
        const make = ready[key];
        assert(make !== undefined, `no case for ${key}`);
        const [obj, args, expected] = make();
        const promise = obj[`${name}_async`](...args, Toro.NO_DEADLINE, null);
        assert(promise instanceof Promise, `${key} returned ${promise}`);
        // eslint-disable-next-line no-await-in-loop
        assertEqual(await promise, expected, key);
    }
});

test('promise/queue-put-get', async () => {
    const q = new Toro.Queue({maxsize: 2});
    assertEqual(await q.put_async('job', Toro.NO_DEADLINE, null), true);
    const item = await q.get_async(Toro.deadline_after(1000000), null);
    assertEqual(item, 'job');
    // Inherited by the subclasses.
    const pq = Toro.PriorityQueue.new(0, null);
    await pq.put_async(3, Toro.NO_DEADLINE, null);
    await pq.put_async(1, Toro.NO_DEADLINE, null);
    assertEqual(await pq.get_async(Toro.NO_DEADLINE, null), 1);
    const lq = new Toro.LifoQueue();
    await lq.put_async('a', Toro.NO_DEADLINE, null);
    await lq.put_async('b', Toro.NO_DEADLINE, null);
    assertEqual(await lq.get_async(Toro.NO_DEADLINE, null), 'b');
});

test('promise/producer-consumer', async () => {
    const q = new Toro.JoinableQueue({maxsize: 3});
    const worked = [];
    const stop = new Gio.Cancellable();
    const consumer = (async () => {
        for (;;) {
            let item;
            try {
                // eslint-disable-next-line no-await-in-loop
                item = await q.get_async(Toro.NO_DEADLINE, stop);
            } catch (e) {
                if (e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                    return 'stopped';
                throw e;
            }
            worked.push(item);
            q.task_done();
        }
    })();
    for (let i = 0; i < 10; i++)
        // eslint-disable-next-line no-await-in-loop
        await q.put_async(i, Toro.NO_DEADLINE, null);
    assertEqual(await q.join_async(Toro.deadline_after(10000000), null), true);
    assertEqual(worked, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    stop.cancel();
    assertEqual(await consumer, 'stopped');
});

test('promise/timeout-rejects', async () => {
    const lock = new Toro.Lock();
    await lock.acquire_async(Toro.NO_DEADLINE, null);
    const e = await rejection(lock.acquire_async(Toro.deadline_after(20000), null));
    assertToroError(() => {
        throw e;
    }, Toro.Error.TIMEOUT);
    lock.release();
    const empty = new Toro.Queue();
    const e2 = await rejection(empty.get_async(GLib.get_monotonic_time() - 1, null));
    assert(e2.matches(Toro.Error, Toro.Error.TIMEOUT), `${e2}`);
});

test('promise/cancel-rejects', async () => {
    const event = new Toro.Event();
    const cancellable = new Gio.Cancellable();
    const waiting = event.wait_async(Toro.NO_DEADLINE, cancellable);
    await settle();
    cancellable.cancel();
    const e = await rejection(waiting);
    assertCancelled(() => {
        throw e;
    });
});

test('promise/locks-and-semaphores', async () => {
    const rw = new Toro.RWLock({max_readers: 2});
    assertEqual(await rw.acquire_read_async(Toro.NO_DEADLINE, null), true);
    assertEqual(await rw.acquire_read_async(Toro.NO_DEADLINE, null), true);
    const writing = rw.acquire_write_async(Toro.NO_DEADLINE, null);
    rw.release_read();
    rw.release_read();
    assertEqual(await writing, true);
    rw.release_write();

    const sem = new Toro.BoundedSemaphore({value: 1});
    assertEqual(await sem.acquire_async(Toro.NO_DEADLINE, null), true);
    const waiting = sem.wait_async(Toro.NO_DEADLINE, null);
    sem.release();
    assertEqual(await waiting, true);
    assertEqual(sem.value, 1);
});

test('promise/condition-and-async-result', async () => {
    const cond = new Toro.Condition();
    const result = new Toro.AsyncResult();
    const order = [];
    const waiter = (async () => {
        order.push('waiting');
        await cond.wait_async(Toro.NO_DEADLINE, null);
        order.push('woken');
        return await result.get_async(Toro.NO_DEADLINE, null);
    })();
    await settle();
    order.push('notify');
    cond.notify(1);
    result.set({answer: 42});
    const value = await waiter;
    assertEqual(value.answer, 42);
    assertEqual(order, ['waiting', 'notify', 'woken']);
});

test('promise/callback-style-still-works', async () => {
    // A promisified method called with a callback behaves as before.
    const q = new Toro.Queue();
    q.put_nowait('cb');
    const item = await new Promise((resolve, reject) => {
        q.get_async(Toro.NO_DEADLINE, null, (source, res) => {
            try {
                resolve(source.get_finish(res));
            } catch (e) {
                reject(e);
            }
        });
    });
    assertEqual(item, 'cb');
});

run();
