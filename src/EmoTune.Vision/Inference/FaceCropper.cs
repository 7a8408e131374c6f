using EmoTune.Core.Faces;
using EmoTune.Core.ModelSpec;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Inference;

/// <summary>
/// Cuts faces out of a frame into the model's input: grey; a face with landmarks is aligned (eyes levelled, scaled and
/// centred to FER2013's measured framing, <see cref="FaceFraming.Fer2013"/>) unless <see cref="FaceCropOptions.Align"/>
/// is off, any other face is its box grown by <see cref="FaceCropOptions.Margin"/>; optional CLAHE; then the same
/// <see cref="Preprocessor"/> that training used, so live faces get the very numbers training images got. Thread-safe:
/// every call uses its own native buffers.
/// </summary>
public sealed class FaceCropper(EmotionModelSpec spec, FaceCropOptions options)
{
    private readonly Preprocessor _preprocessor = new(spec);

    /// <summary>The spec the crops are prepared for.</summary>
    public EmotionModelSpec Spec => _preprocessor.Spec;

    /// <summary>Floats one face takes in a batch.</summary>
    public int ImageLength => _preprocessor.InputLength;

    /// <summary>
    /// Writes the preprocessed crops of <paramref name="faces"/> back to back into <paramref name="destination"/>
    /// (at least <c>faces.Count × </c><see cref="ImageLength"/> floats).
    /// </summary>
    /// <param name="frame">8-bit grey, BGR or BGRA frame the boxes refer to.</param>
    /// <param name="faces">Boxes in frame pixels.</param>
    /// <param name="destination">The batch buffer.</param>
    /// <exception cref="ArgumentException">The frame format is wrong, a box lies outside the frame, or the buffer is too small.</exception>
    public void Crop(Mat frame, IReadOnlyList<FaceBox> faces, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(faces);
        Crop(frame, faces.Select(b => new DetectedFace(b)).ToArray(), destination);
    }

    /// <summary>
    /// <see cref="Crop(Mat, IReadOnlyList{FaceBox}, Span{float})"/> for detected faces: those with landmarks are aligned
    /// when <see cref="FaceCropOptions.Align"/> is on.
    /// </summary>
    /// <exception cref="ArgumentException">The frame format is wrong, a box lies outside the frame, or the buffer is too small.</exception>
    public void Crop(Mat frame, IReadOnlyList<DetectedFace> faces, Span<float> destination)
    {
        DetectionFrame.Validate(frame);
        ArgumentNullException.ThrowIfNull(faces);
        if (destination.Length < faces.Count * ImageLength)
        {
            throw new ArgumentException($"{faces.Count} face(s) need {faces.Count * ImageLength} floats; the buffer holds {destination.Length}.", nameof(destination));
        }

        if (faces.Count == 0)
        {
            return;
        }

        using var grey = new Mat();
        DetectionFrame.ToGrey(frame, grey);
        using var cut = new Mat();
        using var crop = new Mat();
        using var clahe = options.Clahe ? Cv2.CreateCLAHE(options.ClaheClipLimit, new Size(options.ClaheTiles, options.ClaheTiles)) : null;
        for (var i = 0; i < faces.Count; i++)
        {
            if (options.Align && faces[i].Landmarks is { } landmarks && landmarks.EyeDistance >= 1)
            {
                FaceAligner.Align(grey, landmarks, FaceFraming.Fer2013, Spec.InputWidth, cut);
            }
            else
            {
                var box = faces[i].Box.Expand(options.Margin ?? 0, frame.Width, frame.Height);
                if (box.Width <= 0 || box.Height <= 0)
                {
                    throw new ArgumentException($"Face {i} {faces[i].Box} lies outside the {frame.Width}x{frame.Height} frame.", nameof(faces));
                }

                using var roi = new Mat(grey, new Rect(box.X, box.Y, box.Width, box.Height));
                roi.CopyTo(cut);
            }

            if (clahe is null)
            {
                Process(cut, destination.Slice(i * ImageLength, ImageLength));
            }
            else
            {
                clahe.Apply(cut, crop);
                Process(crop, destination.Slice(i * ImageLength, ImageLength));
            }
        }
    }

    private void Process(Mat image, Span<float> destination) =>
        _preprocessor.Process(image.AsSpan<byte>(), image.Width, image.Height, image.Width, destination);
}
