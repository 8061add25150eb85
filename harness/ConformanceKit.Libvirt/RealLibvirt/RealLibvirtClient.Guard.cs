using ConformanceKit.FakeLibvirt.Trace;

namespace ConformanceKit.Libvirt;

public static unsafe partial class RealLibvirtClient
{
    /// <summary>The session's side of the loop's callbacks and ffs, and the guard that shields
    /// libvirt from what a broken loop does: ffs deferred out of calls and callbacks, callbacks of
    /// removed or freed registrations not passed on, every call recorded.</summary>
    private sealed partial class Session
    {
        /// <summary>The loop called a registration's handle callback. libvirt's callback gets the
        /// registration's own opaque whatever the loop passed (a wrong one is in the trace for
        /// HANDLE-7), and is never called once libvirt's ff has freed that opaque (FREE-1 judges the
        /// call from the trace): a broken loop is convicted, libvirt is not crashed by it.</summary>
        private void OnHandle(NativeOpaque native, int watch, int fd, HandleEvents events, object? opaque)
        {
            NoteAfterKill(fd, events);
            CheckMask(native, events);
            _trace.Handle(native.RegKey, watch, _trace.KnownSlotOf(fd), events, OpaqueOf(opaque), () =>
            {
                if (native.CallbacksAllowed && !_ended)
                {
                    InCallback(() => ((delegate* unmanaged<int, int, int, nint, void>)native.Cb)(watch, fd, (int)events, native.Opaque));
                }
            });
        }

        private void OnTimeout(NativeOpaque native, int timer, object? opaque)
        {
            _trace.Timer(native.RegKey, timer, OpaqueOf(opaque), () =>
            {
                if (native.CallbacksAllowed && !_ended)
                {
                    InCallback(() => ((delegate* unmanaged<int, nint, void>)native.Cb)(timer, native.Opaque));
                }
            });
        }

        /// <summary>The loop called a registration's ff. libvirt's ff runs once, for a registration
        /// libvirt added and removed, never before remove returned (see <see cref="NativeOpaque.MarkFfAsked"/>):
        /// what the loop did wrong is in the trace for FREE-2/3/7 and IDS-7, and libvirt does not
        /// free twice or free what it still holds.</summary>
        private void OnFree(NativeOpaque native, object? opaque)
        {
            _trace.Free(native.RegKey, OpaqueOf(opaque), () =>
            {
                if (!native.MarkFfAsked() || _ended)
                {
                    return;
                }

                if (t_inCall > 0 || t_depth > 0)
                {
                    // Inside one of the six calls, or inside one of libvirt's callbacks: libvirt may
                    // hold the lock its ff takes. Run it from the client's top level instead.
                    lock (_gate)
                    {
                        _ffsDue.Add(native);
                    }
                }
                else
                {
                    RunLibvirtFf(native);
                }
            });
        }

        private static void RunLibvirtFf(NativeOpaque native) =>
            InCallback(() => ((delegate* unmanaged<nint, void>)native.Ff)(native.Opaque));

        private static int OpaqueOf(object? opaque) => opaque switch
        {
            null => 0,
            NativeOpaque n => n.RegKey,
            _ => -1,
        };

        private static void InCallback(Action call)
        {
            t_depth++;
            try
            {
                call();
            }
            finally
            {
                t_depth--;
            }
        }

        private int KeyOf(Dictionary<int, NativeOpaque> live, int id)
        {
            lock (_gate)
            {
                return live.TryGetValue(id, out var n) ? n.RegKey : 0;
            }
        }

        /// <summary>add returned: libvirt holds the registration when the id is >= 0 (its own test).</summary>
        private void Live(Dictionary<int, NativeOpaque> live, int id, NativeOpaque native)
        {
            if (id < 0)
            {
                native.MarkAddFailed();
                return;
            }

            native.MarkAdded();
            lock (_gate)
            {
                live[id] = native;
            }
        }

        private void Removed(Dictionary<int, NativeOpaque> live, int id, int rc)
        {
            NativeOpaque? native;
            lock (_gate)
            {
                if (rc != 0 || !live.Remove(id, out native) || native.Ff == 0)
                {
                    return;
                }

                _awaitingFree.Add(native);
            }

            if (native.MarkRemoved())
            {
                // The loop asked for it before its remove returned. Not now: this is still inside
                // libvirt's remove call, where libvirt may hold the lock its ff takes (FREE-3).
                lock (_gate)
                {
                    _ffsDue.Add(native);
                }
            }
        }

        /// <summary>Runs libvirt's ffs that were held back from inside a remove; called at the
        /// client's top level (after an API call, before an iteration).</summary>
        private void RunDueFfs()
        {
            List<NativeOpaque> due;
            lock (_gate)
            {
                if (_ffsDue.Count == 0)
                {
                    return;
                }

                due = [.. _ffsDue];
                _ffsDue.Clear();
            }

            due.ForEach(RunLibvirtFf);
        }

        /// <summary>Records a libvirt API call made by the client, so that the loop calls it caused
        /// sit between it and the next one.</summary>
        private T Api<T>(string function, Func<T> call)
            where T : struct
        {
            int at;
            int seq = _trace.Step(function);
            lock (_gate)
            {
                _api.Add(new ApiCall(seq, function, null));
                at = _api.Count - 1;
            }

            T result = call();
            RunDueFfs();
            lock (_gate)
            {
                _api[at] = _api[at] with { Result = result is nint p ? (p == 0 ? 0 : 1) : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture) };
            }

            return result;
        }

        /// <summary>Makes one of the six calls into the loop, recorded in the trace; an exception
        /// from the loop is recorded there and as an error, and becomes -1 (or 0 for update).</summary>
        private int Traced(CallKind call, int regKey, int id, int arg, bool hasFf, int slot, string what, Func<int> body)
        {
            _trace.CallStarted(call, regKey, id, arg, hasFf, slot);
            int result = -1;
            string? exception = null;
            t_inCall++;
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                exception = e.GetType().Name;
                Error($"{what} threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                t_inCall--;
            }

            _trace.CallEnded(call, regKey, id, result, exception);
            return result;
        }

        private void Error(string message)
        {
            lock (_gate)
            {
                _errors.Add(message);
            }
        }
    }
}
