// testEvents.js: Condition, Event and AsyncResult from GJS
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';

import {
    test, run, toro, Call, settle, waitFor, runCall, assert, assertEqual, assertGError,
    assertToroError, assertCancelled, watchNotify, pastDeadline,
} from './harness.js';

const SHORT = 20000;  // µs

test('condition/notify-n', async () => {
    const cond = Toro.Condition.new();
    const order = [];
    const waiters = [0, 1, 2, 3, 4, 5].map(i => new Call(cond, 'wait', [], {log: order, tag: i}));
    await settle();
    assertEqual(order, []);
    toro(() => cond.notify(3));
    await waitFor(...waiters.slice(0, 3));
    await settle();
    assertEqual(order, [0, 1, 2]);
    toro(() => cond.notify(1));
    await waitFor(waiters[3]);
    toro(() => cond.notify(2));
    await waitFor(...waiters);
    assertEqual(order, [0, 1, 2, 3, 4, 5]);
    assert(waiters.every(w => w.result() === true), 'every wait succeeded');
});

test('condition/notify-all', async () => {
    const cond = new Toro.Condition();
    const order = [];
    const waiters = [0, 1, 2, 3].map(i => new Call(cond, 'wait', [], {log: order, tag: i}));
    toro(() => cond.notify_all());
    await waitFor(...waiters);
    assertEqual(order, [0, 1, 2, 3]);
});

test('condition/not-stored', async () => {
    const cond = new Toro.Condition();
    cond.notify(1);
    cond.notify_all();
    const call = new Call(cond, 'wait', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(call);
    assertToroError(call, Toro.Error.TIMEOUT);
});

test('condition/timed-out-waiter-does-not-count', async () => {
    const cond = new Toro.Condition();
    const order = [];
    const w0 = new Call(cond, 'wait', [], {log: order, tag: 0});
    const w1 = new Call(cond, 'wait', [], {log: order, tag: 1, deadline: Toro.deadline_after(SHORT)});
    const w2 = new Call(cond, 'wait', [], {log: order, tag: 2});
    const w3 = new Call(cond, 'wait', [], {log: order, tag: 3});
    await waitFor(w1);
    assertToroError(w1, Toro.Error.TIMEOUT);
    toro(() => cond.notify(2));
    await waitFor(w0, w2);
    await settle();
    assertEqual(w3.done, false);
    toro(() => cond.notify(1));
    await waitFor(w3);
    assertEqual(order, [1, 0, 2, 3]);
});

test('condition/cancel', async () => {
    const cond = new Toro.Condition();
    const cancellable = new Gio.Cancellable();
    const first = new Call(cond, 'wait', [], {cancellable});
    const second = new Call(cond, 'wait');
    await settle();
    cancellable.cancel();
    await waitFor(first);
    assertCancelled(first);
    toro(() => cond.notify(1));
    await waitFor(second);
    assertEqual(second.result(), true);
});

test('event/set-clear-flag', () => {
    const event = Toro.Event.new();
    const flags = watchNotify(event, 'flag');
    assertEqual(event.flag, false);
    event.set();
    event.set();
    assertEqual(event.is_set(), true);
    assertEqual(event.flag, true);
    event.clear();
    event.clear();
    assertEqual(event.is_set(), false);
    assertEqual(flags, [true, false]);
});

test('event/wait', async () => {
    const event = new Toro.Event();
    const order = [];
    const waiters = [0, 1, 2].map(i => new Call(event, 'wait', [], {log: order, tag: i}));
    await settle();
    assertEqual(order, []);
    toro(() => event.set());
    toro(() => event.clear());
    await waitFor(...waiters);
    assertEqual(order, [0, 1, 2]);
    event.set();
    assertEqual(await runCall(event, 'wait', [], {deadline: pastDeadline()}), true);
});

test('event/timeout-and-cancel', async () => {
    const event = new Toro.Event();
    const timed = new Call(event, 'wait', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(timed);
    assertToroError(timed, Toro.Error.TIMEOUT);
    const cancellable = new Gio.Cancellable();
    const cancelled = new Call(event, 'wait', [], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(cancelled);
    assertCancelled(cancelled);
    assertEqual(event.is_set(), false);
});

test('async-result/not-ready', () => {
    const result = Toro.AsyncResult.new();
    assertToroError(() => result.get_nowait(), Toro.Error.NOT_READY);
    assertEqual(result.ready, false);
});

test('async-result/native-values', async () => {
    const obj = new Gio.SimpleAction({name: 'act'});
    for (const value of ['hello', '', 42, -7, 2 ** 40, 2.5, true, false, obj]) {
        const result = new Toro.AsyncResult();
        assertEqual(result.set(value), true);
        assertEqual(result.get_nowait(), value);
        assertEqual(typeof result.get_nowait(), typeof value);
        // eslint-disable-next-line no-await-in-loop
        assertEqual(await runCall(result, 'get'), value);
    }
});

test('async-result/set-twice', () => {
    const result = new Toro.AsyncResult();
    const ready = watchNotify(result, 'ready');
    result.set('hello');
    assertToroError(() => result.set('whatever'), Toro.Error.ALREADY_SET);
    assertEqual(result.get_nowait(), 'hello');
    assertEqual(result.is_ready(), true);
    assertEqual(ready, [true]);
    const failure = new GLib.Error(Toro.Error, Toro.Error.FULL, 'x');
    assertToroError(() => result.set_error(failure), Toro.Error.ALREADY_SET);
});

test('async-result/waiters', async () => {
    const result = new Toro.AsyncResult();
    const order = [];
    const waiters = [0, 1].map(i => new Call(result, 'get', [], {log: order, tag: i}));
    await settle();
    assertEqual(order, []);
    toro(() => result.set('foo'));
    await waitFor(...waiters);
    assertEqual(order, [0, 1]);
    assertEqual(waiters.map(w => w.result()), ['foo', 'foo']);
});

test('async-result/set-error', async () => {
    const result = new Toro.AsyncResult();
    const waiter = new Call(result, 'get');
    const failure = new GLib.Error(Gio.IOErrorEnum, Gio.IOErrorEnum.HOST_UNREACHABLE, 'no route');
    assertEqual(toro(() => result.set_error(failure)), true);
    assertEqual(result.is_ready(), true);
    await waitFor(waiter);
    const later = new Call(result, 'get');
    await waitFor(later);
    for (const attempt of [waiter, later, () => result.get_nowait()]) {
        const e = assertGError(attempt, Gio.IOErrorEnum, Gio.IOErrorEnum.HOST_UNREACHABLE);
        assertEqual(e.message, 'no route');
    }
    assertToroError(() => result.set(1), Toro.Error.ALREADY_SET);
});

test('async-result/timeout-then-set', async () => {
    const result = new Toro.AsyncResult();
    const call = new Call(result, 'get', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(call);
    assertToroError(call, Toro.Error.TIMEOUT);
    assertEqual(result.ready, false);
    result.set('foo');
    assertEqual(await runCall(result, 'get', [], {deadline: pastDeadline()}), 'foo');
});

test('async-result/cancel', async () => {
    const result = new Toro.AsyncResult();
    const cancellable = new Gio.Cancellable();
    const call = new Call(result, 'get', [], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(call);
    assertCancelled(call);
});

test('async-result/gobject-identity', () => {
    const obj = new GObject.Object();
    const result = new Toro.AsyncResult();
    result.set(obj);
    assert(result.get_nowait() === obj, 'the same wrapper comes back');
});

run();
