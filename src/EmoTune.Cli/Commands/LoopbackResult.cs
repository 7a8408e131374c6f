namespace EmoTune.Cli.Commands;

/// <summary>
/// One group of clients in one case of <c>bench loopback</c>: round trips, throughput, and the CPU and memory of the whole
/// process while the case ran (every group of the case together). <paramref name="Mode"/> is <c>server</c> (frames) or
/// <c>on-device</c> (results); <paramref name="MemoryGrowthMb"/> is the working set's growth over the case;
/// <paramref name="GcPauseMs"/> and <paramref name="GcCount"/> are the process's garbage collections during the case (total
/// pause, gen 0 collections) and <paramref name="MaxQueuedWorkItems"/> the most work items seen waiting on its thread pool:
/// where round trips spike, they say whether the runtime was the cause.
/// </summary>
internal sealed record LoopbackResult(
    string Mode,
    int Streams,
    long Sent,
    long Skipped,
    long Received,
    double RttP50Ms,
    double RttP99Ms,
    double RttMaxMs,
    double ResultsPerSecond,
    double ResultsPerSecondPerStream,
    double FacesPerResult,
    double CpuPercent,
    double WorkingSetMb,
    double PeakWorkingSetMb,
    double GcHeapMb,
    double MemoryGrowthMb,
    double GcPauseMs,
    int GcCount,
    long MaxQueuedWorkItems);
