# torotest.py: shared helpers for the Python (PyGObject) tests of Toro-1.0
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The tests run with meson's environment (GI_TYPELIB_PATH, LD_LIBRARY_PATH
# pointing at the build tree) and report in TAP, one line per test method.
# Nothing here sleeps: a test iterates the main context until what it
# waits for has happened, and a timeout source fails it if that never
# comes.

import sys
import threading
import traceback
import unittest

import gi

gi.require_version('GLib', '2.0')
gi.require_version('GObject', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Toro', '1.0')

from gi.repository import GLib, GObject, Gio, Toro  # noqa: E402

__all__ = ['GLib', 'GObject', 'Gio', 'Toro', 'Call', 'TestCase', 'ThreadWithContext', 'main']

# How long a test may wait for something that must happen, in ms. Generous:
# the valgrind setup multiplies everything by ten.
PATIENCE_MS = 30000


# Per thread: > 0 while a test calls into the library through
# TestCase.toro(); a completion callback that runs then, in that thread,
# would have been called re-entrantly.
_tls = threading.local()


def _in_toro_call():
    return getattr(_tls, 'in_toro_call', 0)


class Call:
    """One pending X_async()/X_finish() pair.

    Call(obj, 'get', deadline=...) calls obj.get_async(deadline,
    cancellable, callback) and records what obj.get_finish() then returns
    or raises. It also checks two promises of the API: the callback runs
    exactly once, and never from inside the _async call itself (nor from
    inside any other toro call, see TestCase.toro).
    """

    def __init__(self, obj, name, *args, deadline=Toro.NO_DEADLINE,
                 cancellable=None, log=None, tag=None):
        self.obj = obj
        self.name = name
        self.log = log
        self.tag = tag
        self.done = False
        self.value = None
        self.error = None
        self.thread = None
        self.reentrant = False
        self._finish = getattr(obj, name + '_finish')
        self._starting = True
        getattr(obj, name + '_async')(*args, deadline, cancellable, self._on_done)
        self._starting = False

    def _on_done(self, source, result):
        if self.done:
            raise AssertionError('%s callback ran twice' % self.name)
        self.reentrant = self._starting or _in_toro_call() > 0
        self.thread = threading.get_ident()
        assert source is self.obj, 'the callback gets the source object'
        try:
            self.value = self._finish(result)
        except GLib.Error as e:
            self.error = e
        self.done = True
        if self.log is not None:
            self.log.append(self.tag)

    def result(self):
        """What _finish returned, or raise what it raised."""
        assert self.done, '%s has not completed' % self.name
        if self.error is not None:
            raise self.error
        return self.value


class TestCase(unittest.TestCase):
    """A test case with a main loop and a watch on the 'Toro' log domain.

    Every message the library logs is recorded; a test that expects a
    critical says so with expect_critical(), and any other message fails
    the test.
    """

    def setUp(self):
        self.context = GLib.MainContext.default()
        self.messages = []
        self._handler = GLib.log_set_handler(
            'Toro',
            GLib.LogLevelFlags.LEVEL_MASK | GLib.LogLevelFlags.FLAG_FATAL
            | GLib.LogLevelFlags.FLAG_RECURSION,
            self._on_log, None)

    def tearDown(self):
        GLib.log_remove_handler('Toro', self._handler)
        # Whatever a test left pending is dispatched now, so that it
        # cannot complete inside the next test.
        while self.context.pending():
            self.context.iteration(False)
        unexpected = [m for m in self.messages if m is not None]
        self.assertEqual(unexpected, [], 'unexpected messages from toro-glib')

    def _on_log(self, domain, level, message, user_data):
        self.messages.append((int(level & GLib.LogLevelFlags.LEVEL_MASK), message))

    def expect_critical(self, fragment, func, *args):
        """Call func(*args), which must log exactly one critical containing fragment."""
        before = len(self.messages)
        result = func(*args)
        new = self.messages[before:]
        self.assertEqual(len(new), 1, 'expected one critical, got %r' % (new,))
        level, message = new[0]
        self.assertEqual(level, int(GLib.LogLevelFlags.LEVEL_CRITICAL))
        self.assertIn(fragment, message)
        self.messages[before] = None
        return result

    def toro(self, func, *args):
        """Call a library function, marking the call so that a callback
        that runs from inside it is detected."""
        _tls.in_toro_call = _in_toro_call() + 1
        try:
            return func(*args)
        finally:
            _tls.in_toro_call -= 1

    def iterate_until(self, predicate, context=None, patience_ms=PATIENCE_MS):
        """Iterate context (the default one) until predicate() is true."""
        context = context or self.context
        expired = []
        source = GLib.timeout_source_new(patience_ms)
        source.set_callback(lambda *a: expired.append(True) or GLib.SOURCE_REMOVE)
        source.attach(context)
        try:
            while not predicate():
                if expired:
                    self.fail('gave up waiting after %d ms' % patience_ms)
                context.iteration(True)
        finally:
            source.destroy()

    def wait_for(self, *calls):
        """Iterate until every Call is done; check none ran re-entrantly."""
        self.iterate_until(lambda: all(c.done for c in calls))
        for c in calls:
            self.assertFalse(c.reentrant, '%s completed inside a toro call' % c.name)

    def settle(self):
        """Dispatch everything that is ready now, without blocking."""
        while self.context.iteration(False):
            pass

    def run_call(self, obj, name, *args, **kwargs):
        """Start obj.name_async(...), wait for it and return what
        obj.name_finish() returned (or raise its error)."""
        call = Call(obj, name, *args, **kwargs)
        self.assertFalse(call.done, 'the callback ran before the main loop did')
        self.wait_for(call)
        return call.result()

    def assertToroError(self, call_or_func, code, *args):
        """The Call, or func(*args), failed with TORO_ERROR code."""
        self._assertGError(call_or_func, Toro.error_quark(), code, args)

    def assertCancelled(self, call_or_func, *args):
        self._assertGError(call_or_func, Gio.io_error_quark(),
                           Gio.IOErrorEnum.CANCELLED, args)

    def _assertGError(self, call_or_func, domain, code, args):
        with self.assertRaises(GLib.Error) as cm:
            if isinstance(call_or_func, Call):
                call_or_func.result()
            else:
                call_or_func(*args)
        error = cm.exception
        self.assertTrue(error.matches(domain, code),
                        'expected %s %d, got %s %d: %s'
                        % (GLib.quark_to_string(domain), int(code),
                           error.domain, error.code, error.message))

    def watch_notify(self, obj, prop):
        """Record each notify::prop of obj as the value it then has."""
        seen = []
        obj.connect('notify::' + prop, lambda o, pspec: seen.append(o.get_property(prop)))
        return seen


class ThreadWithContext(threading.Thread):
    """A thread that runs body(self) with its own thread-default
    GMainContext, self.context, so that what it waits for completes there.

    join_checked() joins it and re-raises whatever body raised; otherwise
    self.result is what body returned.
    """

    def __init__(self, body, name=None):
        super().__init__(name=name, daemon=True)
        self.body = body
        self.context = GLib.MainContext.new()
        self.result = None
        self.exception = None

    def run(self):
        self.context.push_thread_default()
        try:
            self.result = self.body(self)
        except BaseException as e:  # reported by join_checked()
            self.exception = e
        finally:
            self.context.pop_thread_default()

    def iterate_until(self, predicate, patience_ms=PATIENCE_MS):
        """From the thread itself: iterate its context until predicate()."""
        expired = []
        source = GLib.timeout_source_new(patience_ms)
        source.set_callback(lambda *a: expired.append(True) or GLib.SOURCE_REMOVE)
        source.attach(self.context)
        try:
            while not predicate():
                if expired:
                    raise AssertionError('%s gave up waiting after %d ms'
                                         % (self.name, patience_ms))
                self.context.iteration(True)
        finally:
            source.destroy()

    def join_checked(self, timeout=PATIENCE_MS / 1000):
        self.join(timeout)
        if self.is_alive():
            raise AssertionError('%s did not finish' % self.name)
        if self.exception is not None:
            raise self.exception
        return self.result


class _TapResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__(stream, False, 0)
        self.stream = stream
        self.number = 0
        self._current = None

    def startTest(self, test):
        super().startTest(test)
        self._current = test

    def _line(self, ok, test, directive=''):
        self.number += 1
        name = '%s.%s' % (type(test).__name__, test._testMethodName)
        self.stream.write('%s %d - %s%s\n' % ('ok' if ok else 'not ok', self.number,
                                              name, directive))
        self.stream.flush()

    def _diagnose(self, err):
        for line in self._exc_info_to_string(err, self._current).splitlines():
            self.stream.write('# %s\n' % line)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diagnose(err)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test)
        self._diagnose(err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, ' # SKIP %s' % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, ' # TODO expected failure')

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, ' # unexpected success')


def main():
    """Run the test module's TestCases and print TAP on stdout."""
    module = sys.modules['__main__']
    loader = unittest.TestLoader()
    suite = loader.loadTestsFromModule(module)
    if len(sys.argv) > 1:
        # A test name or prefix given on the command line: only those.
        names = sys.argv[1:]
        suite = unittest.TestSuite(
            t for t in _flatten(suite)
            if any(('%s.%s' % (type(t).__name__, t._testMethodName)).startswith(n)
                   for n in names))
    print('1..%d' % suite.countTestCases(), flush=True)
    result = _TapResult(sys.stdout)
    try:
        suite.run(result)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    sys.exit(0 if result.wasSuccessful() else 1)


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t
