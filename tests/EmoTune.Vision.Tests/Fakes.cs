using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Core.ModelSpec;
using EmoTune.Vision.Detection;
using EmoTune.Vision.Inference;
using OpenCvSharp;

namespace EmoTune.Vision.Tests;

/// <summary>Hand-written fakes for the pipeline's parts.</summary>
internal static class Fakes
{
    /// <summary>A detector that "finds" the boxes it was given, and counts its calls.</summary>
    public sealed class FixedDetector(params FaceBox[] boxes) : IFaceDetector
    {
        public int Calls { get; private set; }

        public FaceBox[] Detect(Mat frame)
        {
            Calls++;
            return boxes;
        }
    }

    /// <summary>
    /// A classifier that records every call and answers with probabilities that depend on each face's pixels: the
    /// face's mean input value decides which emotion gets the most weight.
    /// </summary>
    public sealed class RecordingClassifier : IEmotionClassifier
    {
        public EmotionModelSpec Spec { get; } = new() { Architecture = "fake" };

        public List<float[]> Batches { get; } = [];

        public List<int> Counts { get; } = [];

        public EmotionScores[] Classify(Memory<float> inputs, int count)
        {
            var length = Spec.InputWidth * Spec.InputHeight;
            Batches.Add(inputs[..(count * length)].ToArray());
            Counts.Add(count);
            return Enumerable.Range(0, count).Select(i => ScoresFor(inputs.Span.Slice(i * length, length))).ToArray();
        }

        public static EmotionScores ScoresFor(ReadOnlySpan<float> image)
        {
            var sum = 0.0;
            foreach (var v in image)
            {
                sum += v;
            }

            var logits = new float[EmotionLabels.Count];
            logits[(int)(Math.Abs(sum) * 1000) % EmotionLabels.Count] = 3;
            logits[0] += (float)(sum / image.Length);
            return EmotionScores.FromLogits(logits);
        }
    }
}
