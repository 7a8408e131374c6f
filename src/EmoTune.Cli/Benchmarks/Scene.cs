using OpenCvSharp;

namespace EmoTune.Cli.Benchmarks;

/// <summary>A generated 640×480 BGR frame and the truth about it. Owns the frame.</summary>
/// <param name="Frame">The frame, as a camera would deliver it after JPEG decoding.</param>
/// <param name="Faces">The faces in it (none for a face-free frame).</param>
/// <param name="Brightness">The brightness factor the frame was lit with (1 = as the faces were).</param>
internal sealed record Scene(Mat Frame, IReadOnlyList<SceneFace> Faces, double Brightness) : IDisposable
{
    /// <summary>dark (brightness below 0.7), bright (above 1.3) or normal.</summary>
    public string Lighting => Brightness < 0.7 ? "dark" : Brightness > 1.3 ? "bright" : "normal";

    /// <inheritdoc />
    public void Dispose() => Frame.Dispose();
}
