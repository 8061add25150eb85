namespace ConformanceKit.FakeLibvirt.Script;

/// <summary>What a callback does when it runs (libvirt's own callbacks do all of these).</summary>
public enum ReactionKind
{
    /// <summary>Read everything pending on the callback's own fd.</summary>
    DrainOwnFd,

    /// <summary>Remove the registration whose callback is running.</summary>
    RemoveSelf,

    /// <summary>Update the running registration (mask or frequency = Value).</summary>
    UpdateSelf,

    /// <summary>Remove another watch (Target).</summary>
    RemoveOtherWatch,

    /// <summary>Remove another timer (Target).</summary>
    RemoveOtherTimer,

    /// <summary>Update another watch's mask to Value.</summary>
    UpdateOtherWatch,

    /// <summary>Update another timer's frequency to Value.</summary>
    UpdateOtherTimer,

    /// <summary>Add a watch on slot Slot with mask Value.</summary>
    AddWatch,

    /// <summary>Add a timer with frequency Value.</summary>
    AddTimer,

    /// <summary>Call remove_handle and remove_timeout with an id nobody holds (Value).</summary>
    RemoveUnknown,

    /// <summary>Write to the far end of slot Slot (makes another watch ready mid-iteration).</summary>
    WriteToSlot,

    /// <summary>Throw from the callback (LIFE-2).</summary>
    Throw,
}
