"""The loop under test, from its spec: shared by the bridge adapter (ck_bridge.py, the fake core's
side, on the virtual clock) and the real-libvirt session (ck_libvirt_python.py, real
libvirt-python's side, on the real clock).

A spec is `libvirtaio`, `FILE.py:CLASS[:STEP]` or `MODULE:CLASS[:STEP]` (STEP defaults to
run_once). Whichever `libvirt` module is in sys.modules when a loop is made receives its
registration: the adapter's stand-in, or Debian's real binding wrapped by the session.
"""

import importlib
import importlib.util
import os
import sys

SIX = ("add_handle", "update_handle", "remove_handle", "add_timeout", "update_timeout", "remove_timeout")
SIX_CAMEL = ("addHandle", "updateHandle", "removeHandle", "addTimeout", "updateTimeout", "removeTimeout")


class LibvirtaioLoop:
    """Debian's libvirtaio on an asyncio loop; on the virtual clock when `clock` is given."""

    def __init__(self, clock=None):
        import asyncio
        import libvirtaio

        class OneIterationLoop(asyncio.SelectorEventLoop):
            """Can stop after one iteration that waited (a threaded session's step)."""

            ck_one_iteration = False

            def _run_once(self):
                super()._run_once()
                if self.ck_one_iteration:
                    self._stopping = True

        if clock is None:
            self.aloop = OneIterationLoop()
        else:
            class VirtualClockLoop(OneIterationLoop):
                def time(self):
                    return clock()

            self.aloop = VirtualClockLoop()
        asyncio.set_event_loop(self.aloop)
        libvirtaio.virEventRegisterAsyncIOImpl(loop=self.aloop)

    def step(self, wait_ms=0):
        if wait_ms == 0:
            # Exactly one _run_once with a zero select timeout (BRIDGE-FACTS.md).
            self.aloop.call_soon(self.aloop.stop)
            self.aloop.run_forever()
            return
        # A threaded session: one _run_once that may wait in select, as the loop waits when an
        # application runs it (run_forever stops after the iteration that set _stopping).
        bound = self.aloop.call_later(wait_ms / 1000.0, self.aloop.stop) if wait_ms > 0 else None
        self.aloop.ck_one_iteration = True
        try:
            self.aloop.run_forever()
        finally:
            self.aloop.ck_one_iteration = False
            if bound is not None:
                bound.cancel()

    def dispose(self):
        pass  # libvirtaio has no close; what it does with live registrations is LIFE-1's record


class ClassLoop:
    """A loop class written to virEventRegisterImpl's functions, with a step method. A class that
    did not register itself in its constructor is registered here, by its six methods."""

    def __init__(self, cls, step, registered):
        self.obj = cls()
        if not registered():
            o = self.obj
            fns = [getattr(o, a, None) or getattr(o, b, None) for a, b in zip(SIX, SIX_CAMEL)]
            if None in fns:
                raise TypeError("%s neither registered itself nor has the six methods %s" % (cls.__name__, ", ".join(SIX)))
            sys.modules["libvirt"].virEventRegisterImpl(*fns)
        self.step_fn = getattr(self.obj, step, None)
        if not callable(self.step_fn):
            raise TypeError("%s has no step method %s" % (cls.__name__, step))

    def step(self, wait_ms=0):
        # The longest wait in ms: 0 on the virtual clock; in a threaded session -1 (no limit) or
        # the harness's bound, as poll(2) takes it.
        self.step_fn(wait_ms)

    def dispose(self):
        for name in ("close", "dispose"):
            f = getattr(self.obj, name, None)
            if callable(f):
                f()
                return


def loader(spec, registered, clock=None):
    """Imports the loop once; returns a function that makes a fresh one (in a forked child, for the
    adapter). `registered()` says whether the loop has registered its six functions yet."""
    if spec == "libvirtaio":
        import asyncio  # noqa: F401  (imported once here, not per child)
        import libvirtaio  # noqa: F401
        return lambda: LibvirtaioLoop(clock)
    parts = spec.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError("loop %r: use libvirtaio, FILE.py:CLASS[:STEP] or MODULE:CLASS[:STEP]" % spec)
    where, cls_name = parts[0], parts[1]
    step = parts[2] if len(parts) == 3 else "run_once"
    if where.endswith(".py"):
        if not os.path.isfile(where):
            raise ValueError("no such file: %s" % where)
        # Its siblings are importable, as when it is run as a script.
        sys.path.insert(0, os.path.dirname(os.path.abspath(where)))
        mspec = importlib.util.spec_from_file_location("ck_loop_under_test", where)
        module = importlib.util.module_from_spec(mspec)
        sys.modules["ck_loop_under_test"] = module
        mspec.loader.exec_module(module)
    else:
        module = importlib.import_module(where)
    cls = getattr(module, cls_name, None)
    if not isinstance(cls, type):
        raise ValueError("%s has no class %s" % (where, cls_name))
    return lambda: ClassLoop(cls, step, registered)
