using System.IO.MemoryMappedFiles;
using System.Text;

namespace ConformanceKit.Harness.Isolation;

/// <summary>Where a child worker is, kept in a small shared file its parent reads after the child
/// died: the unit, the step of its scenario, the phase, whether an allocation failed, and what the
/// child could say about its own end (an unhandled exception).</summary>
/// <remarks>The child writes through a shared memory mapping, so a write costs a few stores (it
/// happens at every step) and survives whatever ends the process: Environment.FailFast, a stack
/// overflow, a signal, the kernel's OOM killer. Nothing here allocates on the write path that the
/// out-of-memory handler uses (<see cref="MarkOutOfMemory"/>).</remarks>
internal sealed class Breadcrumb : IDisposable
{
    public const int Size = 4096;

    private const int OriginAt = 0;
    private const int StepAt = 4;
    private const int OutOfMemoryAt = 8;
    private const int PhaseLengthAt = 12;
    private const int PhaseAt = 16;
    private const int PhaseMax = 60;
    private const int TextLengthAt = 76;
    private const int TextAt = 80;
    private const int TextMax = Size - TextAt;

    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    private Breadcrumb(MemoryMappedFile file)
    {
        _file = file;
        _view = file.CreateViewAccessor(0, Size);
    }

    /// <summary>Creates the file a child will write (the parent does this before it starts the child).</summary>
    public static void Create(string path)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.ReadWrite);
        f.SetLength(Size);
    }

    /// <summary>Opens the file for writing (the child).</summary>
    public static Breadcrumb Open(string path) =>
        new(MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, Size, MemoryMappedFileAccess.ReadWrite));

    /// <summary>A unit begins: no step yet (the loop is being created).</summary>
    public void BeginUnit(int origin)
    {
        _view.Write(StepAt, -1);
        WritePhase(string.Empty);
        _view.Write(OriginAt, origin + 1); // 0 in a fresh file: no unit begun
    }

    public void Step(int step) => _view.Write(StepAt, step);

    public void WritePhase(string phase)
    {
        int n = Encoding.UTF8.GetBytes(phase.AsSpan(0, Math.Min(phase.Length, PhaseMax / 4)), _scratch);
        _view.WriteArray(PhaseAt, _scratch, 0, n);
        _view.Write(PhaseLengthAt, n);
    }

    /// <summary>An allocation failed: one store, safe when the heap is exhausted.</summary>
    public void MarkOutOfMemory() => _view.Write(OutOfMemoryAt, 1);

    /// <summary>What the child knows of its own end (an unhandled exception), before it dies.</summary>
    public void WriteText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Length > TextMax / 4 ? text[..(TextMax / 4)] : text);
        _view.WriteArray(TextAt, bytes, 0, bytes.Length);
        _view.Write(TextLengthAt, bytes.Length);
    }

    private readonly byte[] _scratch = new byte[PhaseMax];

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }

    /// <summary>What the parent reads after the child ended; null if the file is missing or empty.</summary>
    public static Crumbs? Read(string path)
    {
        byte[] b;
        try
        {
            b = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }

        if (b.Length < Size)
        {
            return null;
        }

        int phaseLength = Math.Clamp(BitConverter.ToInt32(b, PhaseLengthAt), 0, PhaseMax);
        int textLength = Math.Clamp(BitConverter.ToInt32(b, TextLengthAt), 0, TextMax);
        return new Crumbs(
            BitConverter.ToInt32(b, OriginAt) - 1,
            BitConverter.ToInt32(b, StepAt),
            Encoding.UTF8.GetString(b, PhaseAt, phaseLength),
            BitConverter.ToInt32(b, OutOfMemoryAt) != 0,
            textLength == 0 ? null : Encoding.UTF8.GetString(b, TextAt, textLength));
    }
}

/// <summary>A child's last position: the unit's origin (-1: none begun), its step (-1: before the first, while the
/// loop was being created), the phase after the steps (flush, dispose; empty during the steps),
/// whether an allocation had failed, and the child's own words on its end.</summary>
internal sealed record Crumbs(int Origin, int Step, string Phase, bool OutOfMemory, string? Text);
