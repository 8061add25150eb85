#!/usr/bin/python3
"""ConformanceKit's bridge adapter for Python event loops (protocol: docs/bridge-protocol.md, version 1).

Usage: ck_bridge.py SOCKET_PATH LOOP
  LOOP is `libvirtaio`, `FILE.py:CLASS[:STEP]` or `MODULE:CLASS[:STEP]` (STEP defaults to run_once).

The process started by the harness imports the loop once, listens on SOCKET_PATH, prints READY on
stdout, and forks one child per connection: each child hosts one fresh loop (libvirtaio counts its
ids in a class attribute, so a second loop object in one process is not a fresh loop). Standard
library only, so that it runs on Debian's /usr/bin/python3 with nothing but python3-libvirt.
"""

import array
import collections
import ctypes
import faulthandler
import gc
import json
import os
import resource
import selectors
import shutil
import signal
import socket
import sys
import time
import traceback
import types
import typing

# Every module is imported here, before the loop's folder goes first on sys.path: a loop beside a
# resource.py or traceback.py of its own would otherwise make each child import that one instead.
import ck_loopspec  # beside this file: the loop from its spec
import ck_threads  # beside this file: threaded sessions

VERSION = 1

# The virtual clock, in integral ms (floats of seconds drift: BRIDGE-FACTS.md); set by each step.
_now_ms = 0
# A threaded session runs on the real clock: the patched functions then read the real ones.
_real_clock = False
_REAL = {name: getattr(time, name) for name in ("monotonic", "time", "perf_counter", "monotonic_ns", "time_ns", "perf_counter_ns")}


def _clock():
    return _REAL["monotonic"]() if _real_clock else _now_ms / 1000.0


def _patched(name):
    real = _REAL[name]
    if name.endswith("_ns"):
        return lambda: real() if _real_clock else _now_ms * 1_000_000
    return lambda: real() if _real_clock else _now_ms / 1000.0


def patch_time():
    """Loops that read the time module follow the virtual clock; patched before the loop's module
    is imported, so that `from time import monotonic` gets the patched function too."""
    for name in _REAL:
        setattr(time, name, _patched(name))


class ProtocolError(Exception):
    pass


class HarnessCallbackError(Exception):
    """libvirt's side of a callback threw (a scripted throw, LIFE-2): raised into the loop."""

    def __init__(self, text, scripted):
        super().__init__(text)
        self.scripted = scripted


class Opaque:
    """Stands for libvirt-python's (cb, opaque, ff) triple: the registration token."""

    __slots__ = ("reg", "ff", "__weakref__")

    def __init__(self, reg, ff):
        self.reg = reg
        self.ff = ff

    def __repr__(self):
        return "opaque(r%d)" % self.reg


CONN = None  # the child's connection to the harness
IMPL = None  # the six functions the loop registered


def _reg_of(opaque):
    return opaque.reg if isinstance(opaque, Opaque) else None


def _handle_cb(watch, fd, events, opaque):
    CONN.request("handle", reg=_reg_of(opaque), watch=watch, fd=CONN.harness_fd(fd), events=events)


def _timeout_cb(timer, opaque):
    CONN.request("timeout", reg=_reg_of(opaque), timer=timer)


def _register(add_handle, update_handle, remove_handle, add_timeout, update_timeout, remove_timeout):
    global IMPL
    if IMPL is not None:
        # What the binding does on a second registration in one process.
        raise RuntimeError("an event loop implementation is already registered")
    IMPL = (add_handle, update_handle, remove_handle, add_timeout, update_timeout, remove_timeout)


def _invoke_free_callback(opaque):
    # The loop's free callback. A registration added without an ff still has an opaque, and
    # invoking it does nothing, as in the binding (FREE-8).
    if isinstance(opaque, Opaque) and not opaque.ff:
        return
    CONN.request("free", reg=_reg_of(opaque))


def install_stand_in_libvirt():
    """A `libvirt` module with what a loop uses, so that no libvirt is loaded."""
    m = types.ModuleType("libvirt")
    m.VIR_EVENT_HANDLE_READABLE = 1
    m.VIR_EVENT_HANDLE_WRITABLE = 2
    m.VIR_EVENT_HANDLE_ERROR = 4
    m.VIR_EVENT_HANDLE_HANGUP = 8
    t = typing.TypeVar("_T")

    # libvirtaio's annotations name these at import.
    class _EventCB(typing.Generic[t]):
        pass

    class _TimerCB(typing.Generic[t]):
        pass

    m._EventCB = _EventCB
    m._TimerCB = _TimerCB
    m.virEventRegisterImpl = _register
    m.virEventInvokeFreeCallback = _invoke_free_callback
    m._eventInvokeHandleCallback = _handle_cb
    m._eventInvokeTimeoutCallback = _timeout_cb
    sys.modules["libvirt"] = m


class Connection:
    """One harness connection: line-framed JSON, fds by SCM_RIGHTS, nested requests both ways."""

    def __init__(self, sock, loop):
        self.sock = sock
        self.loop = loop
        self.buf = b""
        self.fds = collections.deque()
        self.next_id = 0
        self.by_harness = {}  # harness fd -> our fd
        self.by_local = {}  # our fd -> harness fd

    def send(self, obj):
        self.sock.sendall((json.dumps(obj, separators=(",", ":")) + "\n").encode())

    def read(self):
        while b"\n" not in self.buf:
            data, anc, _flags, _addr = self.sock.recvmsg(65536, socket.CMSG_SPACE(64 * 4))
            for level, kind, cdata in anc:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    a = array.array("i")
                    a.frombytes(cdata[: len(cdata) - (len(cdata) % a.itemsize)])
                    self.fds.extend(a)
            if not data:
                raise EOFError("the harness closed the connection")
            self.buf += data
        line, _, self.buf = self.buf.partition(b"\n")
        try:
            msg = json.loads(line)
        except ValueError:
            msg = None
        if not isinstance(msg, dict) or not (isinstance(msg.get("id"), int) or isinstance(msg.get("re"), int)):
            raise ProtocolError("not a message: %r" % line[:200])
        return msg

    def request(self, op, **fields):
        """Sends a callback to the harness and serves its calls until the answer comes."""
        self.next_id += 1
        rid = self.next_id
        self.send(dict(id=rid, op=op, **fields))
        while True:
            msg = self.read()
            if "re" in msg:
                if msg["re"] != rid:
                    raise ProtocolError("answer to %r while %d is open: %s" % (msg["re"], rid, json.dumps(msg)))
                if "error" in msg:
                    raise HarnessCallbackError(str(msg["error"]), bool(msg.get("scripted")))
                return msg.get("ok")
            self.serve(msg)

    def take_fd(self, harness_fd):
        if harness_fd < 0:
            return harness_fd  # an invalid fd (IDS-7's case) is passed on as it is, with nothing attached
        if not self.fds:
            raise ProtocolError("add_handle for fd %r came without an fd attached" % harness_fd)
        fd = self.fds.popleft()
        if harness_fd in self.by_harness:
            old = self.by_harness[harness_fd]
            try:
                a, b = os.fstat(old), os.fstat(fd)
                if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
                    os.close(fd)  # the same file again: one fd, as in the harness (HANDLE-8)
                    return old
            except OSError:
                pass  # our copy was closed by the loop: take the new one
        self.by_harness[harness_fd] = fd
        self.by_local[fd] = harness_fd
        return fd

    def harness_fd(self, fd):
        return self.by_local.get(fd)

    def serve(self, msg):
        global _now_ms
        if isinstance(msg.get("now_ms"), int):
            _now_ms = msg["now_ms"]  # every request of the harness carries the virtual time
        rid = msg.get("id")
        op = msg.get("op")
        try:
            result = self.call(op, msg)
            answer = {"re": rid, "ok": result}
        except (ProtocolError, EOFError):
            raise
        except HarnessCallbackError as e:
            answer = {"re": rid, "error": "HarnessCallbackError: %s" % e, "scripted": e.scripted}
        except Exception as e:  # the loop's exception is that call's failure
            answer = {"re": rid, "error": "%s: %s" % (type(e).__name__, e)}
        self.send(answer)
        if op == "dispose":
            raise SystemExit(0)

    def call(self, op, m):
        ah, uh, rh, at, ut, rt = IMPL

        def field(name):
            # Only the message's own fields are checked here: a KeyError the loop raises (as
            # libvirtaio does for an unknown watch) is the loop's failure, answered as an error.
            if name not in m:
                raise ProtocolError("%s without field %r: %s" % (op, name, json.dumps(m)))
            return m[name]

        if op == "add_handle":
            # A threaded session's reader took the fd already, in message order (ck_threads).
            fd = m["_local_fd"] if "_local_fd" in m else self.take_fd(field("fd"))
            events, opaque = field("events"), Opaque(field("reg"), field("ff"))
            return as_binding(lambda: as_int(ah(fd, events, _handle_cb, opaque)), -1)
        if op == "update_handle":
            watch, events = field("watch"), field("events")
            return as_binding(lambda: uh(watch, events), None)
        if op == "remove_handle":
            watch = field("watch")
            return as_binding(lambda: as_int(rh(watch)), -1)
        if op == "add_timeout":
            ms, opaque = field("ms"), Opaque(field("reg"), field("ff"))
            return as_binding(lambda: as_int(at(ms, _timeout_cb, opaque)), -1)
        if op == "update_timeout":
            timer, ms = field("timer"), field("ms")
            return as_binding(lambda: ut(timer, ms), None)
        if op == "remove_timeout":
            timer = field("timer")
            return as_binding(lambda: as_int(rt(timer)), -1)
        if op == "step":
            # wait_ms: only in a threaded session, where one iteration may wait (-1: no limit).
            self.loop.step(m.get("wait_ms", 0))
            return None
        if op == "dispose":
            self.loop.dispose()
            return None
        raise ProtocolError("unknown op %r" % op)


def as_binding(call, on_exception):
    """What libvirt-python makes of an exception one of the six functions raises: the binding
    prints it and tells libvirt -1 (add, remove) or nothing (update); so does the adapter, on the
    child's stderr. A result that is not an int is still the loop's failure (TypeError)."""
    try:
        return call()
    except (HarnessCallbackError, NotAnInt):
        raise
    except Exception as e:
        return printed(e, on_exception)


def printed(e, on_exception):
    traceback.print_exception(e, file=sys.stderr)
    sys.stderr.flush()
    return on_exception


class NotAnInt(TypeError):
    """The loop returned something else where libvirt needs an int: the call's failure."""


def as_int(r):
    if isinstance(r, bool) or not isinstance(r, int):
        raise NotAnInt("returned %r, not an int" % (r,))
    return r


def prepare_child(folder):
    """What a spare child does before its connection arrives (so that it costs the harness nothing)."""
    # Our own stderr file, so that the harness shows this loop's last words, not another's.
    err = os.open(os.path.join(folder, "%d.stderr" % os.getpid()), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(err, 2)
    os.close(err)
    # What the loop prints goes there too: stdout is the pipe the harness read READY from and reads
    # no more, and a loop that filled it would block for ever.
    sys.stdout.flush()
    os.dup2(2, 1)
    faulthandler.enable()
    # No core dump: a loop that crashes is reported by the signal that killed it, and writing its
    # core (into the user's folder, or through a core_pattern pipe) can keep the child dying for
    # longer than the harness waits to be told how it ended. RLIMIT_CORE 0 stops a core file; the
    # kernel ignores it for a core_pattern pipe, so the child is made not dumpable too
    # (prctl PR_SET_DUMPABLE, 0).
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    ctypes.CDLL(None).prctl(4, 0)
    # Die with the parent (prctl PR_SET_PDEATHSIG, SIGKILL); fork clears the parent's setting.
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)


def child(conn_sock, make_loop):
    global CONN, _real_clock
    conn = Connection(conn_sock, None)
    CONN = conn
    hello = conn.read()
    if hello.get("op") != "hello":
        raise ProtocolError("expected hello, got %s" % json.dumps(hello))
    if VERSION not in (hello.get("versions") or []):
        conn.send({"re": hello["id"], "error": "no common version (adapter speaks %d)" % VERSION})
        return
    threaded = hello.get("threads") is True
    threads = None
    if threaded:
        _real_clock = True  # before the loop is made: it may read the time as it starts
        threads = ck_threads.Threaded(conn, ProtocolError, hello.get("ch"))
    try:
        conn.loop = make_loop()
        if IMPL is None:
            raise RuntimeError("the loop never called virEventRegisterImpl")
    except Exception as e:
        conn.send({"re": hello["id"], "error": "cannot create the loop: %s: %s" % (type(e).__name__, e)})
        return
    # libvirt-python drops what removeHandle/removeTimeout return (libvirt is told 0 unless they
    # raised): the harness is told so, and judges the value by IDS-5 alone.
    conn.send({"re": hello["id"], "ok": {"version": VERSION, "loop": "python:" + sys.argv[2], "pid": os.getpid(), "remove_result": "discarded", "threads": threaded}})
    if threads is not None:
        threads.read_all()  # never returns: the process ends with the session
    while True:
        msg = conn.read()
        if "re" in msg:
            raise ProtocolError("answer with no request open: %s" % json.dumps(msg))
        conn.serve(msg)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    path, spec = sys.argv[1], sys.argv[2]
    folder = os.path.dirname(path)
    install_stand_in_libvirt()
    if spec != "libvirtaio":
        patch_time()
    try:
        make_loop = ck_loopspec.loader(spec, lambda: IMPL is not None, _clock)
    except Exception as e:
        print("ERROR %s: %s" % (type(e).__name__, e), flush=True)
        return 2
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    # One spare child waits in accept() at all times, forked from this pristine parent before its
    # connection arrives: a scenario then never waits for a fork (2-3 ms here), and still meets a
    # loop no other scenario touched. A spare that took its connection says so on this pipe, and
    # the parent forks the next one.
    taken_r, taken_w = os.pipe()
    children = set()
    spare = [0]

    def reap(_signum=None, _frame=None):
        # How each child ended, in FOLDER/PID.exit, so that the harness can say "killed by SIGSEGV"
        # of a loop that died (it is not the child's parent and cannot wait for it itself).
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            if pid == spare[0]:
                spare[0] = 0  # died before its connection came: the main loop forks another
                os.write(taken_w, b"x")
            if os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
                how = "killed by signal %d (%s)" % (sig, signal.Signals(sig).name)
            else:
                how = "exited with status %d" % os.waitstatus_to_exitcode(status)
            with open(os.path.join(folder, "%d.exit" % pid), "w") as f:
                f.write(how)

    def fork_spare():
        pid = os.fork()
        if pid:
            children.add(pid)
            spare[0] = pid
            return
        code = 0
        try:
            os.close(taken_r)
            os.close(0)
            os.open(os.devnull, os.O_RDONLY)
            prepare_child(folder)
            conn_sock, _ = listener.accept()
            os.write(taken_w, b"x")
            os.close(taken_w)
            listener.close()
            child(conn_sock, make_loop)
        except SystemExit as e:
            code = e.code or 0
        except EOFError:
            code = 0
        except ProtocolError as e:
            sys.stderr.write("ck_bridge: protocol error: %s\n" % e)
            code = 3
        except BaseException:
            traceback.print_exc()
            code = 4
        finally:
            sys.stderr.flush()
            os._exit(code)  # never back into the parent's loop

    signal.signal(signal.SIGCHLD, reap)
    # Everything imported so far is shared with every child as it is: moved out of the collector's
    # reach, a fork touches (and so copies) fewer pages (measured: fork+exit 2.0 -> 1.4 ms).
    gc.freeze()
    fork_spare()
    sel = selectors.DefaultSelector()
    sel.register(taken_r, selectors.EVENT_READ)
    sel.register(sys.stdin, selectors.EVENT_READ)  # the lifeline: EOF when the harness is gone
    print("READY %d" % os.getpid(), flush=True)
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.fileobj is sys.stdin:
                if not os.read(0, 4096):
                    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                    for pid in list(children):
                        try:
                            os.kill(pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                    # Reaped before this process exits, so that none outlives the run even for
                    # a moment (a threaded child's threads take a while to die).
                    for pid in list(children):
                        try:
                            os.waitpid(pid, 0)
                        except ChildProcessError:
                            pass
                    # The folder too (socket, stderr and exit files): the harness is done with it,
                    # and one that was killed, or whose exit handlers did not run, cannot remove it.
                    shutil.rmtree(folder, ignore_errors=True)
                    return 0
                continue
            os.read(taken_r, 4096)
            fork_spare()
        reap()

if __name__ == "__main__":
    sys.exit(main())
