using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Detection;

/// <summary>Finds faces in a camera frame.</summary>
public interface IFaceDetector
{
    /// <summary>
    /// Detects faces in <paramref name="frame"/>, an 8-bit grey, BGR or BGRA image. Boxes are in <paramref name="frame"/>'s
    /// pixels, clipped to it, largest first, at most <see cref="DetectionOptions.MaxFaces"/>. An empty frame has no faces.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not 8-bit with 1, 3 or 4 channels.</exception>
    FaceBox[] Detect(Mat frame);
}
