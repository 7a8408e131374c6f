using EmoTune.Core.Faces;
using EmoTune.Core.ModelSpec;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Inference;

/// <summary>
/// Cuts faces out of a frame into the model's input: grey, the box grown by <see cref="FaceCropOptions.Margin"/>,
/// optional CLAHE, then the same <see cref="Preprocessor"/> that training used, so live faces get the very numbers
/// training images got. Thread-safe: every call uses its own native buffers.
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
        using var crop = new Mat();
        using var clahe = options.Clahe ? Cv2.CreateCLAHE(options.ClaheClipLimit, new Size(options.ClaheTiles, options.ClaheTiles)) : null;
        for (var i = 0; i < faces.Count; i++)
        {
            var box = faces[i].Expand(options.Margin, frame.Width, frame.Height);
            if (box.Width <= 0 || box.Height <= 0)
            {
                throw new ArgumentException($"Face {i} {faces[i]} lies outside the {frame.Width}x{frame.Height} frame.", nameof(faces));
            }

            using (var roi = new Mat(grey, new Rect(box.X, box.Y, box.Width, box.Height)))
            {
                if (clahe is null)
                {
                    roi.CopyTo(crop);
                }
                else
                {
                    clahe.Apply(roi, crop);
                }
            }

            _preprocessor.Process(crop.AsSpan<byte>(), crop.Width, crop.Height, crop.Width, destination.Slice(i * ImageLength, ImageLength));
        }
    }
}
