// harness.js: a small test harness for the GJS tests of Toro-1.0
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Tests are async functions registered with test() and run one after the
// other from a GLib main loop by run(), which prints TAP and exits non-zero
// if any failed. Nothing sleeps: a test awaits the completion it expects,
// and a per-test timeout fails it if that never comes. Every message the
// library logs in the "Toro" domain is captured; a test that expects a
// critical says so with expectCritical(), any other message fails it.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';
import System from 'system';

// Generous: the valgrind setup multiplies everything by ten.
const PATIENCE_MS = 30000;

const tests = [];
let messages = [];
let inToroCall = 0;

export function test(name, fn) {
    tests.push({name, fn});
}

// Calls a library function, marking the call so that a completion callback
// that runs from inside it is detected.
export function toro(fn, ...args) {
    inToroCall++;
    try {
        return fn(...args);
    } finally {
        inToroCall--;
    }
}

// One pending X_async()/X_finish() pair, called with a plain callback.
// new Call(obj, 'get', [args], {deadline, cancellable, log, tag}) calls
// obj.get_async(...args, deadline, cancellable, callback) and records what
// obj.get_finish() returns or throws; `promise` resolves (to the Call) once
// it has completed. It checks that the callback runs exactly once, and
// never from inside the _async call or another toro() call.
export class Call {
    constructor(obj, name, args = [], options = {}) {
        const {deadline = Toro.NO_DEADLINE, cancellable = null, log = null, tag = null} = options;
        this.name = name;
        this.done = false;
        this.value = undefined;
        this.error = null;
        this.reentrant = false;
        this.promise = new Promise(resolve => {
            this._resolve = resolve;
        });
        let starting = true;
        obj[`${name}_async`](...args, deadline, cancellable, (source, result) => {
            if (this.done)
                throw new Error(`${name} callback ran twice`);
            if (source !== obj)
                throw new Error(`${name} callback got the wrong source object`);
            this.reentrant = starting || inToroCall > 0;
            try {
                this.value = obj[`${name}_finish`](result);
            } catch (e) {
                this.error = e;
            }
            this.done = true;
            if (log)
                log.push(tag);
            this._resolve(this);
        });
        starting = false;
    }

    // What _finish returned; throws what it threw.
    result() {
        if (!this.done)
            throw new Error(`${this.name} has not completed`);
        if (this.error)
            throw this.error;
        return this.value;
    }
}

// Resolves once everything that is ready now has been dispatched: a
// low-priority idle runs only when no higher-priority source is ready.
export function settle() {
    return new Promise(resolve => {
        GLib.idle_add(GLib.PRIORITY_LOW, () => {
            resolve();
            return GLib.SOURCE_REMOVE;
        });
    });
}

// Waits until every Call has completed, and checks none ran re-entrantly.
export async function waitFor(...calls) {
    await Promise.all(calls.map(c => c.promise));
    for (const c of calls)
        assert(!c.reentrant, `${c.name} completed inside a toro call`);
}

// Starts obj.name_async(), waits for it and returns what name_finish()
// returned (or throws what it threw).
export async function runCall(obj, name, args = [], options = {}) {
    const call = new Call(obj, name, args, options);
    assert(!call.done, 'the callback ran before the main loop did');
    await waitFor(call);
    return call.result();
}

// Records each notify::prop of obj as the value the property then has.
export function watchNotify(obj, prop) {
    const seen = [];
    obj.connect(`notify::${prop}`, () => seen.push(obj[prop.replace(/-/g, '_')]));
    return seen;
}

export function pastDeadline() {
    return GLib.get_monotonic_time() - 1;
}

export class AssertionError extends Error {}

export function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new AssertionError(message);
}

function show(v) {
    if (typeof v === 'string')
        return JSON.stringify(v);
    if (Array.isArray(v))
        return `[${v.map(show).join(', ')}]`;
    return String(v);
}

function equal(a, b) {
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    return Object.is(a, b);
}

export function assertEqual(actual, expected, message = '') {
    if (!equal(actual, expected))
        throw new AssertionError(`${message ? `${message}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
}

// fnOrCall (a Call, or a function called with args) failed with a GLib.Error
// of the given domain (an error-domain enum or a quark) and code.
export function assertGError(fnOrCall, domain, code, ...args) {
    let error = null;
    try {
        if (fnOrCall instanceof Call)
            fnOrCall.result();
        else
            fnOrCall(...args);
    } catch (e) {
        error = e;
    }
    assert(error !== null, `expected an error ${code}, nothing was thrown`);
    assert(error instanceof GLib.Error, `expected a GLib.Error, got ${error}`);
    assert(error.matches(domain, code),
        `expected error ${code} in ${domain}, got ${error.code}: ${error.message}`);
    return error;
}

export function assertToroError(fnOrCall, code, ...args) {
    return assertGError(fnOrCall, Toro.Error, code, ...args);
}

export function assertCancelled(fnOrCall, ...args) {
    return assertGError(fnOrCall, Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED, ...args);
}

// Calls fn(...args), which must log exactly one critical containing fragment.
export function expectCritical(fragment, fn, ...args) {
    const before = messages.length;
    const result = fn(...args);
    const added = messages.slice(before);
    assertEqual(added.length, 1, `criticals logged (${added.map(m => m.message).join('; ')})`);
    assertEqual(added[0].level, GLib.LogLevelFlags.LEVEL_CRITICAL, 'log level');
    assert(added[0].message.includes(fragment), `"${added[0].message}" does not mention "${fragment}"`);
    messages.splice(before, 1);
    return result;
}

const ALL_LEVELS = GLib.LogLevelFlags.LEVEL_ERROR | GLib.LogLevelFlags.LEVEL_CRITICAL |
    GLib.LogLevelFlags.LEVEL_WARNING | GLib.LogLevelFlags.LEVEL_MESSAGE |
    GLib.LogLevelFlags.LEVEL_INFO | GLib.LogLevelFlags.LEVEL_DEBUG;

function withTimeout(promise, ms) {
    let id = 0;
    const timeout = new Promise((resolve, reject) => {
        id = GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
            id = 0;
            reject(new AssertionError(`gave up waiting after ${ms} ms`));
            return GLib.SOURCE_REMOVE;
        });
    });
    return Promise.race([promise, timeout]).finally(() => {
        if (id)
            GLib.source_remove(id);
    });
}

async function runAll() {
    const only = ARGV.length > 0 ? ARGV : null;
    const selected = tests.filter(t => !only || only.some(n => t.name.startsWith(n)));
    print(`1..${selected.length}`);
    let failed = 0;
    const handler = GLib.log_set_handler('Toro', ALL_LEVELS, (domain, level, message) => {
        messages.push({level: level & ALL_LEVELS, message});
    });
    for (const [i, t] of selected.entries()) {
        messages = [];
        let error = null;
        try {
            // eslint-disable-next-line no-await-in-loop
            await withTimeout(Promise.resolve().then(() => t.fn()), PATIENCE_MS);
            // Whatever the test left pending is dispatched now, so that it
            // cannot complete inside the next test.
            // eslint-disable-next-line no-await-in-loop
            await settle();
            assertEqual(messages.map(m => m.message), [], 'unexpected messages from toro-glib');
        } catch (e) {
            error = e;
        }
        if (error) {
            failed++;
            print(`not ok ${i + 1} - ${t.name}`);
            for (const line of `${error}\n${error.stack ?? ''}`.trimEnd().split('\n'))
                print(`# ${line}`);
        } else {
            print(`ok ${i + 1} - ${t.name}`);
        }
    }
    GLib.log_remove_handler('Toro', handler);
    return failed;
}

// Runs the registered tests, prints TAP and exits: 0 if all passed.
export function run() {
    const loop = new GLib.MainLoop(null, false);
    let status = 1;
    runAll().then(failed => {
        status = failed ? 1 : 0;
    }, e => {
        printerr(`harness error: ${e}\n${e.stack}`);
    }).finally(() => loop.quit());
    loop.run();
    System.exit(status);
}
