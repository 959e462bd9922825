# Toro.py: the PyGObject override for Toro-1.0 (toro-glib)
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Items are GValues in the introspected API; PyGObject turns Python values
# into GValues and back on its own. This override fixes the three places
# where that is not enough:
#
# - PyGObject 3.42 never frees a GValue returned with (transfer full), so
#   every item got through get_finish() or get_nowait() would leak (and a
#   GObject item would never be finalized); nor does it free a
#   caller-allocated out GValue when the call raises. The override calls
#   the *_into() variants instead, with a GObject.Value of its own that it
#   reads and unsets.
# - PyGObject stores a Python int in a 32-bit gint; a larger one would
#   raise OverflowError. The override stores it as a gint64 (or guint64,
#   or, beyond that, as the Python object itself).
# - PyGObject refuses None for a GValue argument; the override queues it
#   as a Python object, so that q.put_nowait(None) works as in Toro.
#
# Everything else is the introspected API unchanged.

from gi.repository import GObject

from .._gi import _gvalue_get
from ..module import get_introspection_module
from ..overrides import override

Toro = get_introspection_module('Toro')

__all__ = []

_GINT_MIN, _GINT_MAX = -2 ** 31, 2 ** 31 - 1
_GINT64_MIN, _GINT64_MAX = -2 ** 63, 2 ** 63 - 1
_GUINT64_MAX = 2 ** 64 - 1


def _item(value):
    """The value to hand to PyGObject for the item @value."""
    if value is None:
        return GObject.Value(GObject.TYPE_PYOBJECT, None)
    if type(value) is int and not _GINT_MIN <= value <= _GINT_MAX:
        if _GINT64_MIN <= value <= _GINT64_MAX:
            return GObject.Value(GObject.TYPE_INT64, value)
        if 0 <= value <= _GUINT64_MAX:
            return GObject.Value(GObject.TYPE_UINT64, value)
        return GObject.Value(GObject.TYPE_PYOBJECT, value)
    return value


def _take(fill, *args):
    """Calls fill(*args, value) with an empty GObject.Value and returns what
    it then holds, as PyGObject converts a returned GValue (boxed values
    copied); raises what fill raised."""
    value = GObject.Value()
    try:
        fill(*args, value)
        return _gvalue_get(value)
    finally:
        value.unset()


class Queue(Toro.Queue):
    """Toro's Queue; also the base of PriorityQueue, LifoQueue and
    JoinableQueue. Items are any Python values."""

    def put_async(self, item, *args, **kwargs):
        return super().put_async(_item(item), *args, **kwargs)

    def put_nowait(self, item):
        return super().put_nowait(_item(item))

    def get_finish(self, result):
        """Finishes get_async(): returns the item, or raises GLib.Error."""
        return _take(self.get_finish_into, result)

    def get_nowait(self):
        """Returns the next item at once, or raises GLib.Error
        (Toro.Error.EMPTY)."""
        return _take(self.get_nowait_into)


Queue = override(Queue)
__all__.append('Queue')


class AsyncResult(Toro.AsyncResult):
    """Toro's AsyncResult: a value that is set once. The value is any
    Python value."""

    def set(self, value):
        return super().set(_item(value))

    def get_finish(self, result):
        """Finishes get_async(): returns the value, or raises GLib.Error."""
        return _take(self.get_finish_into, result)

    def get_nowait(self):
        """Returns the value at once, or raises GLib.Error
        (Toro.Error.NOT_READY, or the error given to set_error())."""
        return _take(self.get_nowait_into)


AsyncResult = override(AsyncResult)
__all__.append('AsyncResult')
