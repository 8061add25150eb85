namespace ConformanceKit.Libvirt;

public static unsafe partial class RealLibvirtClient
{
    /// <summary>libvirt's side of one registration: its callback, opaque and ff, and the key the
    /// trace knows it by.</summary>
    private sealed class NativeOpaque(nint cb, nint opaque, nint ff, bool timer, int regKey)
    {
        public int RegKey { get; } = regKey;

        // What libvirt knows of this registration, as bits changed atomically: the loop's
        // callbacks and ff may come on any thread, and a broken loop may call ff twice at once.
        private const int Added = 1, Removed = 2, FfAsked = 4, FfRan = 8, AddFailed = 16;
        private int _state;

        /// <summary>libvirt's ff has run: its opaque may be gone, so libvirt is never called with it again.</summary>
        public bool Freed => (Volatile.Read(ref _state) & FfRan) != 0;

        /// <summary>libvirt may still hold this registration: its add has not failed (an id below 0,
        /// libvirt's own test), its remove has not returned 0, and its ff has not run. Only then may
        /// libvirt's callback be called (a callback may come while add is still returning).</summary>
        public bool CallbacksAllowed => (Volatile.Read(ref _state) & (AddFailed | Removed | FfRan)) == 0;

        public void MarkAdded() => Interlocked.Or(ref _state, Added);

        public void MarkAddFailed() => Interlocked.Or(ref _state, AddFailed);

        /// <summary>remove returned 0. True when libvirt's ff is to run now (the loop asked for it
        /// already, from inside the remove or earlier).</summary>
        public bool MarkRemoved() => Set(Removed);

        /// <summary>The loop called the ff. True when libvirt's ff is to run now: the first time,
        /// and only for a registration libvirt added and removed. An ff the loop calls too early is
        /// run for libvirt once remove has returned; one libvirt never asked for is never run.</summary>
        public bool MarkFfAsked() => Set(FfAsked);

        private bool Set(int bit)
        {
            int now = Interlocked.Or(ref _state, bit) | bit;
            return (now & (Added | Removed | FfAsked)) == (Added | Removed | FfAsked)
                && (Interlocked.Or(ref _state, FfRan) & FfRan) == 0;
        }

        public nint Cb { get; } = cb;

        public nint Opaque { get; } = opaque;

        public nint Ff { get; } = ff;

        public bool Timer { get; } = timer;

        public int Id { get; set; }

        /// <summary>For a watch: the mask libvirt last set, and the iteration under way when it did
        /// (see RealLibvirtClient.Masks.cs).</summary>
        public (HandleEvents Mask, int Iteration) MaskSet { get; set; }

        public override string ToString() => $"libvirt opaque 0x{Opaque:x}";
    }
}
