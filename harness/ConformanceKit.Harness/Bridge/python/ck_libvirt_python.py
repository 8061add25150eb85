#!/usr/bin/python3
"""ConformanceKit's real-libvirt session for a Python loop: the other direction of the bridge.

Usage: ck_libvirt_python.py LOOP DEADLINE_MS [--remote URI IDLE_MS KEEPALIVE_S KEEPALIVE_COUNT]
       ck_libvirt_python.py LOOP DEADLINE_MS --killed URI DAEMON_PID KEEPALIVE_S KEEPALIVE_COUNT
  LOOP is `libvirtaio`, `FILE.py:CLASS[:STEP]` or `MODULE:CLASS[:STEP]`, as for the bridge adapter.

Loads Debian's real libvirt-python (python3-libvirt) and the loop, which registers itself with
libvirt.virEventRegisterImpl, and runs the native case's session: on test:///default a domain
lifecycle callback, suspend, resume, destroy, start, deregister, close; with --remote, on the private
libvirtd at URI, keepalive and a close callback first, and IDLE_MS of idling before the
deregistration; with --killed, the daemon (DAEMON_PID) is killed once the first event has arrived,
the loop is stepped until libvirt's close callback comes and through a quiet window, and libvirt's
next call must fail. Everything that crosses between libvirt and the loop is written on stdout, one
JSON object per line, in the order it happened, in the vocabulary ck_sysvirt.pl writes
(docs/perl.md, "Real Sys::Virt drives the loop"); the harness writes it in the fake core's trace
vocabulary and every rule judges it.

The six functions the loop registers are wrapped to record each call, and so are the callbacks
libvirt gives and virEventInvokeFreeCallback. As the C# native client does, the wrappers shield
libvirt from what would crash or deadlock it, and record that it happened: a free callback run from
inside a call or a callback is run later from the session's top level; a second ff of one
registration, and a callback of a removed registration or through a token libvirt never gave, are
not passed on. Standard library and python3-libvirt only.
"""

import json
import os
import select
import stat
import sys
import time

import ck_loopspec  # beside this file

T0 = time.monotonic()
DEADLINE_MS = 0
ENDED = False
IN_CALL = 0
DEPTH = 0
FF_DUE = []
REG = {}  # key -> Reg
BY_OPAQUE = {}  # libvirt's opaque tuple -> key (the newest registration with it)
SLOT_FDS = []  # fds libvirt registered, in first-seen order: the trace's slots
NEXT_KEY = [0]
REGISTERED = [False]
EVENTS = []  # (type, detail)
KILLED_AT = [None]  # monotonic time of the daemon's SIGKILL (--killed)
QUIET_WINDOW_S = 0.2  # as the C# killed session's: nothing of libvirt's is left to watch then


def now_ms():
    return int((time.monotonic() - T0) * 1000)


def emit(ev, **fields):
    fields["ev"] = ev
    fields["t"] = now_ms()
    sys.stdout.write(json.dumps(fields, sort_keys=True) + "\n")
    sys.stdout.flush()


def one_line(text):
    return " ".join(str(text).split())


class Reg:
    __slots__ = ("timer", "id", "cb", "opaque", "has_ff", "slot", "removed", "ff_ran")

    def __init__(self, timer, ident, cb, opaque, slot):
        self.timer, self.id, self.cb, self.opaque, self.slot = timer, ident, cb, opaque, slot
        self.has_ff = has_ff(opaque)
        self.removed = False
        self.ff_ran = False


def has_ff(opaque):
    # The binding packs (cb, opaque, ff) as three capsules; a NULL ff is None.
    return isinstance(opaque, tuple) and len(opaque) == 3 and opaque[2] is not None


def key_of_opaque(opaque):
    try:
        return BY_OPAQUE.get(opaque, 0)
    except TypeError:  # a loop that passed back something unhashable: no token libvirt gave
        return 0


def live_key(timer, ident):
    for k in sorted(REG, reverse=True):
        r = REG[k]
        if r.timer == timer and r.id == ident and not r.removed:
            return k
    return 0


def slot_of(fd):
    if not isinstance(fd, int) or fd < 0:
        return -1
    if fd not in SLOT_FDS:
        SLOT_FDS.append(fd)
    return SLOT_FDS.index(fd)


def known_slot_of(fd):
    return SLOT_FDS.index(fd) if fd in SLOT_FDS else -1


def kernel_of(fd):
    """What the kernel says of fd now (poll with no wait), or 0 for what is not an fd."""
    if not isinstance(fd, int) or fd < 0:
        return 0
    p = select.poll()
    p.register(fd, select.POLLIN | select.POLLOUT)
    got = p.poll(0)
    return got[0][1] if got else 0


def kernel():
    """What the kernel says of each slot's fd; 0 for an fd no live watch holds: libvirt closes its
    socket once its watch is removed, and a reading then (POLLNVAL, or another file under the same
    number) says nothing of the loop (as the C# native trace reads it)."""
    held = {r.slot for r in REG.values() if not r.timer and not r.removed}
    return [kernel_of(fd) if slot in held else 0 for slot, fd in enumerate(SLOT_FDS)]


def int_or(v, default):
    return v if isinstance(v, int) and not isinstance(v, bool) else default


def traced(call, key, ident, arg, ff, slot, body, on_error):
    """Runs one of the loop's six functions: recorded, and re-raised as the binding sees it (it
    prints the exception and tells libvirt -1 for an add or remove)."""
    global IN_CALL
    emit("call", call=call, reg=key, id=ident, arg=arg, ff=ff, slot=slot)
    IN_CALL += 1
    try:
        result = body()
    except Exception as e:
        IN_CALL -= 1
        emit("return", call=call, reg=key, id=ident, result=on_error, error=type(e).__name__)
        raise
    IN_CALL -= 1
    emit("return", call=call, reg=key, id=ident, result=int_or(result, 0 if call.startswith("Update") else -1), error=None)
    return result


def add_reg(key, timer, ident, cb, opaque, slot=-1):
    ident = int_or(ident, -1)
    if ident < 0:
        return  # libvirt never calls what it could not add (IDS-7)
    REG[key] = Reg(timer, ident, cb, opaque, slot)
    try:
        BY_OPAQUE[opaque] = key
    except TypeError:
        pass


def new_key():
    NEXT_KEY[0] += 1
    return NEXT_KEY[0]


def inside(body):
    global DEPTH
    DEPTH += 1
    try:
        body()
    finally:
        DEPTH -= 1


def recorded_impl(fns):
    """The loop's six functions, wrapped."""
    add_handle, update_handle, remove_handle, add_timeout, update_timeout, remove_timeout = fns

    def handle_cb(watch, fd, events, opaque):
        of = key_of_opaque(opaque)
        key = live_key(0, int_or(watch, 0)) or of
        after_kill = {} if KILLED_AT[0] is None else {"kernel_hup": bool(kernel_of(fd) & select.POLLHUP)}
        emit("handle", reg=key, watch=int_or(watch, 0), slot=known_slot_of(fd), events=int_or(events, 0), opaque_of=of, **after_kill)
        r = REG.get(key)
        try:
            # Only a live registration's own callback, through its own token, reaches libvirt.
            if r and not r.removed and not ENDED and of == key:
                inside(lambda: r.cb(watch, fd, events, r.opaque))
        finally:
            emit("returned", reg=key)

    def timeout_cb(timer, opaque):
        of = key_of_opaque(opaque)
        key = live_key(1, int_or(timer, 0)) or of
        emit("timer", reg=key, timer=int_or(timer, 0), opaque_of=of)
        r = REG.get(key)
        try:
            if r and not r.removed and not ENDED and of == key:
                inside(lambda: r.cb(timer, r.opaque))
        finally:
            emit("returned", reg=key)

    def recorded(timer, add, update, remove, dispatch):
        """add, update and remove of watches (timer 0) or timers (1), recorded."""
        name = "Timeout" if timer else "Handle"

        def rec_add(*args):  # (fd, events, cb, opaque) or (ms, cb, opaque)
            *head, cb, opaque = args
            key = new_key()
            slot = -1 if timer else slot_of(head[0])
            ident = traced("Add" + name, key, 0, head[-1], has_ff(opaque), slot, lambda: add(*head, dispatch, opaque), -1)
            add_reg(key, timer, ident, cb, opaque, slot)
            return ident

        def rec_update(ident, value):
            traced("Update" + name, live_key(timer, ident), ident, value, True, -1, lambda: update(ident, value), 0)

        def rec_remove(ident):
            key = live_key(timer, ident)
            r = traced("Remove" + name, key, ident, 0, True, -1, lambda: remove(ident), -1)
            if key:
                REG[key].removed = True  # the binding tells libvirt 0 whatever it returned
            return r

        return rec_add, rec_update, rec_remove

    return recorded(0, add_handle, update_handle, remove_handle, handle_cb) + recorded(1, add_timeout, update_timeout, remove_timeout, timeout_cb)


def patch_libvirt(libvirt):
    """What the loop reaches libvirt through: registration and the free callback."""
    real_register = libvirt.virEventRegisterImpl
    real_free = libvirt.virEventInvokeFreeCallback

    def register(*fns):
        real_register(*recorded_impl(fns))  # a second registration raises, as it should
        REGISTERED[0] = True

    def invoke_free(opaque):
        key = key_of_opaque(opaque)
        r = REG.get(key)
        if r is not None and not r.has_ff:
            return  # the binding does nothing for a registration without an ff (FREE-8)
        emit("free", reg=key, opaque_of=key)
        if r is not None and not r.ff_ran:
            r.ff_ran = True
            # Inside a call or a callback libvirt may hold the lock its ff takes: run it later.
            if IN_CALL or DEPTH:
                FF_DUE.append(r)
            else:
                real_free(r.opaque)
        emit("freed", reg=key)

    libvirt.virEventRegisterImpl = register
    libvirt.virEventInvokeFreeCallback = invoke_free
    return real_free


class SessionFailed(Exception):
    pass


def main():
    global DEADLINE_MS, ENDED
    args = sys.argv[1:]
    if len(args) not in (2, 7) or not args[1].isdigit() or (len(args) == 7 and args[2] not in ("--remote", "--killed")):
        sys.stderr.write(__doc__)
        return 2
    spec, DEADLINE_MS = args[0], int(args[1])
    remote = args[3:] if len(args) == 7 else None
    killed = len(args) == 7 and args[2] == "--killed"
    import libvirt  # Debian's real binding

    real_free = patch_libvirt(libvirt)
    lifeline = sys.stdin if stat.S_ISFIFO(os.fstat(0).st_mode) else None
    step_n = [0]

    def api(fn, body):
        emit("step", n=step_n[0], fn=fn)
        step_n[0] += 1
        try:
            return body()
        except libvirt.libvirtError as e:
            raise SessionFailed("%s failed: %s" % (fn, one_line(e.get_error_message())))

    def run_due_ffs():
        while FF_DUE:
            real_free(FF_DUE.pop(0).opaque)

    def iteration():
        # The harness gone (its pipe to our stdin closed): stop at once.
        if lifeline is not None and select.select([0], [], [], 0)[0] and not os.read(0, 4096):
            os._exit(3)
        emit("iteration", kernel=kernel())
        error = None
        try:
            loop.step()
        except Exception as e:
            error = type(e).__name__
            sys.stderr.write("ck_libvirt_python: the step raised %s: %s\n" % (error, one_line(e)))
        emit("iteration_end", error=error)
        if error:
            raise SessionFailed("the loop's step raised %s" % error)

    def pump(done, for_ms=None):
        until = time.monotonic() + (DEADLINE_MS if for_ms is None else for_ms) / 1000
        run_due_ffs()
        while not done():
            if time.monotonic() > until:
                return False
            iteration()
            run_due_ffs()
            time.sleep(0.002)
        return True

    try:
        make_loop = ck_loopspec.loader(spec, lambda: REGISTERED[0])
        loop = make_loop()
        if not REGISTERED[0]:
            raise RuntimeError("the loop never called virEventRegisterImpl")
    except Exception as e:
        emit("done", events=0, failure="the loop does not load with Debian's libvirt-python: %s: %s" % (type(e).__name__, one_line(e)))
        return 0

    ops = [
        ("virDomainSuspend", lambda d: d.suspend(), libvirt.VIR_DOMAIN_EVENT_SUSPENDED),
        ("virDomainResume", lambda d: d.resume(), libvirt.VIR_DOMAIN_EVENT_RESUMED),
        ("virDomainDestroy", lambda d: d.destroy(), libvirt.VIR_DOMAIN_EVENT_STOPPED),
        ("virDomainCreate", lambda d: d.create(), libvirt.VIR_DOMAIN_EVENT_STARTED),
    ]

    def on_event(_conn, dom, event, detail, _opaque):
        EVENTS.append((event, detail))
        emit("lifecycle", type=event, detail=detail, domain=dom.name())

    gone = {}

    def on_close(_conn, reason, _opaque):
        if KILLED_AT[0] is not None and "closed_after_ms" not in gone:
            gone["closed_after_ms"] = (time.monotonic() - KILLED_AT[0]) * 1000
        emit("closed", reason=reason)

    def kill_daemon(pid):
        """The daemon dies as in a crash; the loop must report the hangup so that libvirt closes."""
        api("[harness] SIGKILL to the private libvirtd", lambda: os.kill(pid, 9))
        KILLED_AT[0] = time.monotonic()
        iterations = [0]

        def closed():
            iterations[0] += 1
            return "closed_after_ms" in gone

        gone["closed"] = pump(closed)
        gone["iterations_until_closed"] = iterations[0] - 1
        if gone["closed"]:
            pump(lambda: False, QUIET_WINDOW_S * 1000)
        fn, call, _ = ops[1]
        try:
            api(fn, lambda: call(dom))
            gone["next_call_failed"] = False
        except SessionFailed:
            gone["next_call_failed"] = True

    failure = None
    conn = dom = cbid = None
    closing = False
    try:
        uri = remote[0] if remote else "test:///default"
        shown = uri.split("?")[0]  # without the socket's temporary path: two runs tell one story
        conn = api("virConnectOpen(%s)" % shown, lambda: libvirt.open(uri))
        if remote:
            ka_s, ka_count = int(remote[2]), int(remote[3])
            api("virConnectSetKeepAlive(%d, %d)" % (ka_s, ka_count), lambda: conn.setKeepAlive(ka_s, ka_count))
            api("virConnectRegisterCloseCallback", lambda: conn.registerCloseCallback(on_close, None))
            closing = True
            api("virConnectNumOfDomains", conn.numOfDomains)
        dom = api("virDomainLookupByName(test)", lambda: conn.lookupByName("test"))
        cbid = api("virConnectDomainEventRegisterAny(LIFECYCLE)",
                   lambda: conn.domainEventRegisterAny(dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, on_event, None))
        for fn, call, expected in ops[:1] if killed else ops:
            before = len(EVENTS)
            api(fn, lambda: call(dom))
            if not pump(lambda: any(e[0] == expected for e in EVENTS[before:])):
                raise SessionFailed("no event %d within %d ms after %s" % (expected, DEADLINE_MS, fn))
        if killed:
            kill_daemon(int(remote[1]))
        elif remote:
            idle_ms = int(remote[1])
            pump(lambda: False, idle_ms)
            api("virDomainGetState", dom.state)
    except SessionFailed as e:
        failure = str(e)
    # Tear down whatever was set up, even after a failure.
    for fn, body, needed in (
        ("virConnectDomainEventDeregisterAny", lambda: conn.domainEventDeregisterAny(cbid), cbid is not None),
        ("virConnectUnregisterCloseCallback", lambda: conn.unregisterCloseCallback(), closing),
        ("virConnectClose", lambda: conn.close(), conn is not None),
    ):
        if not needed:
            continue
        if fn == "virConnectClose":
            dom = None  # virDomainFree, as the other sessions free it before the close
        try:
            api(fn, body)
        except SessionFailed as e:
            if KILLED_AT[0] is None:  # on a dead connection libvirt's calls fail, rightly
                failure = failure or str(e)
    # Until every registration libvirt removed has had its ff (a loop that never frees costs the deadline).
    try:
        pump(lambda: not any(r.removed and r.has_ff and not r.ff_ran for r in REG.values()))
    except SessionFailed as e:
        failure = failure or str(e)
    run_due_ffs()
    unfreed = [r for r in REG.values() if r.removed and r.has_ff and not r.ff_ran]
    if failure is None and not any(r.timer and r.has_ff for r in REG.values()):
        failure = "libvirt never added its event timer (addTimeout with an ff)"
    elif failure is None and unfreed:
        failure = "the loop did not call the ff of libvirt's %s %d within %d ms after it was removed" % (
            "timer" if unfreed[0].timer else "watch", unfreed[0].id, DEADLINE_MS)
    ENDED = True
    emit("end")
    if killed:
        emit("gone", **gone)
    emit("done", events=len(EVENTS), expected=1 if killed else len(ops), failure=failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
