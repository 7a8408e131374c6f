using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Inference;

/// <summary>Cuts a face out of a frame aligned by its landmarks: eyes level, scaled and centred to a training framing.</summary>
public static class FaceAligner
{
    /// <summary>
    /// An aligned crop is cut at the face's own resolution (its side in frame pixels), between the model's input side and
    /// this many times it, so the model's <see cref="Core.ModelSpec.Preprocessor"/> does the shrinking, as in training.
    /// </summary>
    public const int MaxScale = 4;

    /// <summary>
    /// Warps the face with <paramref name="landmarks"/> into a square crop in which its eyes sit where
    /// <paramref name="framing"/> puts them; beyond the frame's edge, edge pixels repeat.
    /// </summary>
    /// <param name="image">The frame (any 8-bit type; the crop has the same).</param>
    /// <param name="landmarks">The face's landmarks in <paramref name="image"/>'s pixels.</param>
    /// <param name="framing">Where the eyes go (<see cref="FaceFraming.Fer2013"/> for FER2013-trained models).</param>
    /// <param name="inputSide">The model's input side: the crop is at least this and at most <see cref="MaxScale"/> times it.</param>
    /// <param name="crop">Receives the crop.</param>
    /// <exception cref="ArgumentException">The eyes coincide.</exception>
    public static void Align(Mat image, FaceLandmarks landmarks, FaceFraming framing, int inputSide, Mat crop)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(framing);
        ArgumentNullException.ThrowIfNull(crop);
        var side = (int)Math.Clamp(Math.Round(framing.CropSide(landmarks)), inputSide, MaxScale * inputSide);
        var transform = framing.Transform(landmarks, side);
        using var matrix = Mat.FromPixelData(2, 3, MatType.CV_64FC1, transform);
        Cv2.WarpAffine(image, crop, matrix, new Size(side, side), InterpolationFlags.Linear, BorderTypes.Replicate);
    }
}
