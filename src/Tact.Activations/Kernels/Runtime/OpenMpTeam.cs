using System.Runtime.InteropServices;

namespace Tact.Activations.Kernels;

/// <summary>
/// Runs the kernels' chunks on libtorch's own intra-op threads (the OpenMP team of libtorch's libgomp), found among
/// the process's mapped libraries. On two cores this matters: after each libtorch operation its OpenMP workers spin
/// for a while before they sleep, so a kernel on .NET's thread pool right after one shares the cores with a spinning
/// thread (docs/performance.md has the cost). Inside libtorch's team the kernel's threads are the ones that were
/// spinning.
/// Where there is no libgomp (another build of libtorch) <see cref="TryRun"/> returns false and the caller uses
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>.
/// </summary>
internal static unsafe class OpenMpTeam
{
    private static readonly delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void> s_parallel;

    static OpenMpTeam()
    {
        // libtorch loaded its libgomp (under a hashed name) as a private dependency: find the mapped file and open
        // it by its full path, which returns the loaded copy rather than loading another.
        if (LibTorchsLibgomp() is { } path && NativeLibrary.TryLoad(path, out var gomp) &&
            NativeLibrary.TryGetExport(gomp, "GOMP_parallel", out var parallel))
            s_parallel = (delegate* unmanaged<delegate* unmanaged<nint, void>, nint, uint, uint, void>)parallel;
    }

    // The mapped libgomp beside libtorch_cpu.so (another library may have brought its own), else any mapped libgomp,
    // else null (Linux: /proc/self/maps).
    private static string? LibTorchsLibgomp()
    {
        List<string> files;
        try
        {
            files = [.. File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : "")
                .Where(file => file.Contains(".so", StringComparison.Ordinal))
                .Distinct()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var gomps = files.Where(f => Path.GetFileName(f).StartsWith("libgomp", StringComparison.Ordinal)).ToList();
        var torch = files.FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so");
        return gomps.FirstOrDefault(g => torch is not null && Path.GetDirectoryName(g) == Path.GetDirectoryName(torch))
            ?? gomps.FirstOrDefault();
    }

    /// <summary>Whether libtorch's OpenMP team is reachable.</summary>
    public static bool Available => s_parallel != null;

    /// <summary>
    /// Runs <paramref name="body"/> for chunks 0..n-1 on up to <paramref name="threads"/> threads of libtorch's team,
    /// each thread taking the next chunk until none is left. An exception in a chunk is rethrown here, after the
    /// team has finished. Returns false, running nothing, when the team is not reachable.
    /// </summary>
    public static bool TryRun(int chunks, int threads, Action<int> body)
    {
        if (!Available) return false;
        var work = new Work(chunks, body);
        var handle = GCHandle.Alloc(work);
        try
        {
            s_parallel(&Enter, GCHandle.ToIntPtr(handle), (uint)Math.Clamp(threads, 1, chunks), 0);
        }
        finally
        {
            handle.Free();
        }
        if (work.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return true;
    }

    // Each thread of the team, the caller included, enters here. No exception may cross back into native code.
    [UnmanagedCallersOnly]
    private static void Enter(nint state)
    {
        var work = (Work)GCHandle.FromIntPtr(state).Target!;
        try
        {
            for (int c = work.Next(); c >= 0; c = work.Next()) work.Body(c);
        }
        catch (Exception e)
        {
            work.Fail(e);
        }
    }

    private sealed class Work(int chunks, Action<int> body)
    {
        private int _next = -1;
        private Exception? _error;

        public Action<int> Body { get; } = body;

        public Exception? Error => Volatile.Read(ref _error);

        // The next chunk, or -1 when all are taken (or one failed).
        public int Next()
        {
            int c = Interlocked.Increment(ref _next);
            return c < chunks && Error is null ? c : -1;
        }

        public void Fail(Exception e) => Interlocked.CompareExchange(ref _error, e, null);
    }
}
