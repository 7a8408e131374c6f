namespace EmoTune.Training.Models;

/// <summary>What <see cref="ConvolutionSelfCheck"/> found.</summary>
/// <param name="OneDnn">Whether libtorch's oneDNN kernels stay on (they were right).</param>
/// <param name="ErrorWithOneDnn">Largest |difference| to float64 with oneDNN's kernels, as first measured.</param>
/// <param name="Notice">A line for the user when oneDNN was turned off; null otherwise.</param>
public sealed record ConvolutionCheckResult(bool OneDnn, double ErrorWithOneDnn, string? Notice);
