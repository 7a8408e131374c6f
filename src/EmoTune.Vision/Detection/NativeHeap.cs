using System.Runtime.InteropServices;

namespace EmoTune.Vision.Detection;

/// <summary>
/// Fixes glibc's heap thresholds for this process, so the tens of megabytes OpenCV's DNN module allocates and frees on
/// every YuNet detection stay mapped instead of being handed back to the kernel and faulted in again.
/// </summary>
/// <remarks>
/// glibc raises its mmap threshold as large blocks are freed and trims the heap's top whenever more than twice that is
/// free. With a classifier run and a window detection between full detections, each full 640×480 YuNet pass found its
/// buffers returned and paid for new pages: `emotune bench pipeline` on the 2-core AMD EPYC, 2026-12-03, measured a
/// stream's full detections at about 41 ms (p90) against 7.7 ms for the same detection alone; with the thresholds fixed
/// at 32 MB (mmap) and 1 GB (trim) they cost 9–11 ms, and two streams' throughput rose from 244 to 452 frames/s. The
/// same effect as starting the process with
/// <c>GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824</c>, which the server,
/// the CLI and the tests would each have to remember. Nothing is done on other C libraries or operating systems.
/// </remarks>
internal static partial class NativeHeap
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private static int _applied;

    /// <summary>Applies the thresholds once per process; later calls do nothing.</summary>
    public static void KeepLargeBuffers()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _applied, 1) == 1)
        {
            return;
        }

        try
        {
            // 32 MB is glibc's largest mmap threshold on 64-bit; a 640×640×16 float activation is 26 MB.
            _ = MallOpt(MmapThreshold, 32 * 1024 * 1024);
            _ = MallOpt(TrimThreshold, 1024 * 1024 * 1024);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl): its allocator has no such thresholds.
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
