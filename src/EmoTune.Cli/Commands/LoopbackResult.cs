namespace EmoTune.Cli.Commands;

/// <summary>One stream count of <c>bench loopback</c>: round trips, throughput, CPU and memory.</summary>
internal sealed record LoopbackResult(
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
    double GcHeapMb);
