// testQueues.js: Queue, PriorityQueue, LifoQueue and JoinableQueue from GJS
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';
import System from 'system';

import {
    test, run, toro, Call, settle, waitFor, runCall, assert, assertEqual,
    assertToroError, assertCancelled, expectCritical, watchNotify, pastDeadline,
} from './harness.js';

const SHORT = 20000;  // µs

function drain(q) {
    const out = [];
    while (!q.empty())
        out.push(q.get_nowait());
    return out;
}

test('queue/native-items-async', async () => {
    // The example of the API contract, word for word.
    const q = Toro.Queue.new(2);
    const put = new Call(q, 'put', ['job']);
    await waitFor(put);
    assertEqual(put.result(), true);
    assertEqual(await runCall(q, 'get', [], {deadline: Toro.deadline_after(1000000)}), 'job');

    const obj = new Gio.SimpleAction({name: 'act'});
    for (const value of ['job', '', 'ünïcödé', 7, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, 0.25, -1.5,
        true, false, obj, null]) {
        // eslint-disable-next-line no-await-in-loop
        assertEqual(await runCall(q, 'put', [value]), true);
        // eslint-disable-next-line no-await-in-loop
        const got = await runCall(q, 'get');
        assertEqual(got, value);
        assertEqual(typeof got, typeof value);
    }
});

test('queue/native-items-nowait', () => {
    const q = new Toro.Queue();
    const obj = new GObject.Object();
    for (const value of ['job', 3, 1.5, true, obj]) {
        assertEqual(q.put_nowait(value), true);
        assertEqual(q.get_nowait(), value);
    }
    // A plain JS object travels too, by reference.
    const job = {name: 'j', priority: 3};
    q.put_nowait(job);
    assert(q.get_nowait() === job, 'the same JS object');
});

test('queue/fifo-order', () => {
    const q = new Toro.Queue();
    for (const i of [111, 333, 222])
        q.put_nowait(i);
    assertEqual(drain(q), [111, 333, 222]);
});

test('queue/full-and-empty', async () => {
    const q = new Toro.Queue({maxsize: 5});
    const sizes = watchNotify(q, 'size');
    for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 5; i++) {
            assertEqual(q.full(), false);
            q.put_nowait(i);
        }
        assertEqual(q.full(), true);
        assertEqual(q.qsize(), 5);
        assertEqual(q.size, 5);
        assertToroError(() => q.put_nowait(5), Toro.Error.FULL);
        const put = new Call(q, 'put', [5], {deadline: Toro.deadline_after(SHORT)});
        // eslint-disable-next-line no-await-in-loop
        await waitFor(put);
        assertToroError(put, Toro.Error.TIMEOUT);
        assertEqual(q.qsize(), 5);
        assertEqual(drain(q), [0, 1, 2, 3, 4]);
        assertToroError(() => q.get_nowait(), Toro.Error.EMPTY);
        const get = new Call(q, 'get', [], {deadline: Toro.deadline_after(SHORT)});
        // eslint-disable-next-line no-await-in-loop
        await waitFor(get);
        assertToroError(get, Toro.Error.TIMEOUT);
    }
    assertEqual(sizes, [1, 2, 3, 4, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0]);
});

test('queue/timed-out-putter-never-enqueues', async () => {
    const q = new Toro.Queue({maxsize: 1});
    q.put_nowait(0);
    const p1 = new Call(q, 'put', [1], {deadline: Toro.deadline_after(SHORT)});
    const p2 = new Call(q, 'put', [2]);
    await waitFor(p1);
    assertToroError(p1, Toro.Error.TIMEOUT);
    assertEqual(toro(() => q.get_nowait()), 0);
    await waitFor(p2);
    assertEqual(await runCall(q, 'get'), 2);
    assertEqual(q.empty(), true);
});

test('queue/timed-out-getter-takes-nothing', async () => {
    const q = new Toro.Queue();
    const g1 = new Call(q, 'get', [], {deadline: Toro.deadline_after(SHORT)});
    const g2 = new Call(q, 'get');
    await waitFor(g1);
    assertToroError(g1, Toro.Error.TIMEOUT);
    toro(() => q.put_nowait('sent'));
    await waitFor(g2);
    assertEqual(g2.result(), 'sent');
});

test('queue/hand-off-to-waiting-getter', async () => {
    const q = new Toro.Queue({maxsize: 1});
    const getter = new Call(q, 'get');
    await settle();
    toro(() => q.put_nowait('a'));
    assertToroError(() => q.get_nowait(), Toro.Error.EMPTY);
    toro(() => q.put_nowait('b'));
    assertEqual(q.qsize(), 1);
    await waitFor(getter);
    assertEqual(getter.result(), 'a');
    assertEqual(q.get_nowait(), 'b');
});

test('queue/cancel', async () => {
    const q = new Toro.Queue({maxsize: 1});
    let cancellable = new Gio.Cancellable();
    const getter = new Call(q, 'get', [], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(getter);
    assertCancelled(getter);
    q.put_nowait('kept');
    cancellable = new Gio.Cancellable();
    const putter = new Call(q, 'put', ['dropped'], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(putter);
    assertCancelled(putter);
    // Already cancelled: fails even though an item is there, and takes nothing.
    const late = new Call(q, 'get', [], {cancellable});
    await waitFor(late);
    assertCancelled(late);
    assertEqual(drain(q), ['kept']);
});

test('queue/past-deadline', async () => {
    const q = new Toro.Queue();
    assertEqual(await runCall(q, 'put', ['now'], {deadline: pastDeadline()}), true);
    assertEqual(await runCall(q, 'get', [], {deadline: pastDeadline()}), 'now');
    const call = new Call(q, 'get', [], {deadline: pastDeadline()});
    await waitFor(call);
    assertToroError(call, Toro.Error.TIMEOUT);
});

test('priority-queue/default-order', () => {
    const q = Toro.PriorityQueue.new(0, null);
    for (const i of [111, 333, 222])
        q.put_nowait(i);
    assertEqual(drain(q), [111, 222, 333]);
    for (const item of ['b', 3, 'a', 1.5, -1, 2 ** 40, 'A', -0.5, 0])
        q.put_nowait(item);
    assertEqual(drain(q), [-1, -0.5, 0, 1.5, 3, 2 ** 40, 'A', 'a', 'b']);
});

test('priority-queue/property-constructor', () => {
    const q = new Toro.PriorityQueue({maxsize: 3});
    for (const s of ['pear', 'apple', 'fig'])
        q.put_nowait(s);
    assertEqual(q.full(), true);
    assertEqual(drain(q), ['apple', 'fig', 'pear']);
});

test('priority-queue/js-compare', () => {
    const types = new Set();
    const q = Toro.PriorityQueue.new(0, (a, b) => {
        types.add(typeof a);
        types.add(typeof b);
        return b - a;
    });
    for (const i of [111, 333, 222])
        q.put_nowait(i);
    assertEqual(drain(q), [333, 222, 111]);
    assertEqual([...types], ['number'], 'native values, no GValue');
});

test('priority-queue/js-objects-stable', () => {
    const q = Toro.PriorityQueue.new(0, (a, b) => a.priority - b.priority);
    for (const [name, priority] of [['low', 9], ['high', 1], ['mid', 5], ['mid2', 5], ['high2', 1]])
        q.put_nowait({name, priority});
    assertEqual(drain(q).map(j => j.name), ['high', 'high2', 'mid', 'mid2', 'low']);
});

test('priority-queue/bounded-async', async () => {
    const q = Toro.PriorityQueue.new(2, null);
    q.put_nowait(5);
    q.put_nowait(4);
    const putter = new Call(q, 'put', [1]);
    await settle();
    assertEqual(putter.done, false);
    // As in Toro, get_nowait() first admits the waiting putter's item.
    assertEqual(toro(() => q.get_nowait()), 1);
    await waitFor(putter);
    assertEqual(await runCall(q, 'get'), 4);
    assertEqual(await runCall(q, 'get'), 5);
});

test('lifo-queue/order', async () => {
    const q = Toro.LifoQueue.new(2);
    for (const i of [111, 333])
        q.put_nowait(i);
    assertToroError(() => q.put_nowait(222), Toro.Error.FULL);
    assertEqual(await runCall(q, 'get'), 333);
    q.put_nowait(222);
    assertEqual(drain(q), [222, 111]);
});

test('joinable-queue/join', async () => {
    const q = Toro.JoinableQueue.new(0);
    const unfinished = watchNotify(q, 'unfinished-tasks');
    assertEqual(await runCall(q, 'join'), true);
    for (const i of [0, 1, 2])
        q.put_nowait(i);
    assertEqual(q.get_unfinished_tasks(), 3);
    assertEqual(q.unfinished_tasks, 3);
    const joiner = new Call(q, 'join');
    assertEqual(drain(q), [0, 1, 2]);
    toro(() => q.task_done());
    toro(() => q.task_done());
    await settle();
    assertEqual(joiner.done, false);
    toro(() => q.task_done());
    await waitFor(joiner);
    assertEqual(joiner.result(), true);
    assertEqual(unfinished, [1, 2, 3, 2, 1, 0]);
});

test('joinable-queue/timeout-cancel-misuse', async () => {
    const q = new Toro.JoinableQueue({maxsize: 1});
    expectCritical('more times than there were items', () => q.task_done());
    q.put_nowait('x');
    const timed = new Call(q, 'join', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(timed);
    assertToroError(timed, Toro.Error.TIMEOUT);
    const cancellable = new Gio.Cancellable();
    const cancelled = new Call(q, 'join', [], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(cancelled);
    assertCancelled(cancelled);
    assertEqual(q.get_unfinished_tasks(), 1);
});

test('queue/item-outlives-js-reference', async () => {
    // A GObject stored in a queue is kept alive by the queue.
    const q = new Toro.Queue();
    (() => {
        const obj = new Gio.SimpleAction({name: 'kept'});
        q.put_nowait(obj);
    })();
    System.gc();
    await settle();
    const got = q.get_nowait();
    assert(got instanceof Gio.SimpleAction, `${got}`);
    assertEqual(got.name, 'kept');
});

run();
