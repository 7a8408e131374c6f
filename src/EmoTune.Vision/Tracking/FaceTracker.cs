using EmoTune.Core.Emotions;
using EmoTune.Core.Faces;
using EmoTune.Vision.Inference;

namespace EmoTune.Vision.Tracking;

/// <summary>
/// Gives faces stable ids across frames and smooths their probabilities. Each frame's detections are matched to live
/// tracks greedily by IoU (the best-overlapping pair first, pairs below <see cref="TrackingOptions.IouThreshold"/> never);
/// a matched track's probabilities become <c>α·new + (1−α)·old</c>, an unmatched detection opens a track with a new id,
/// and a track unseen for longer than <see cref="TrackingOptions.StaleAfter"/> is dropped. Pure managed maths over the
/// caller's timestamps; one tracker follows one camera and is not thread-safe.
/// </summary>
public sealed class FaceTracker(TrackingOptions options)
{
    private readonly List<Track> _tracks = [];
    private int _nextId = 1;
    private TimeSpan _lastUpdate = TimeSpan.MinValue;

    /// <summary>Number of live tracks, including those not seen in the latest frame but not yet stale.</summary>
    public int Count => _tracks.Count;

    /// <summary>
    /// Takes one frame's faces at time <paramref name="at"/> (any monotonic clock) and returns them as tracked faces,
    /// in the order given.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="at"/> is earlier than the previous update.</exception>
    public IReadOnlyList<TrackedFace> Update(IReadOnlyList<FaceResult> faces, TimeSpan at)
    {
        ArgumentNullException.ThrowIfNull(faces);
        if (at < _lastUpdate)
        {
            throw new ArgumentException($"Frame time {at} is earlier than the previous frame's {_lastUpdate}.", nameof(at));
        }

        _lastUpdate = at;
        _tracks.RemoveAll(t => at - t.LastSeen > options.StaleAfter);

        var assigned = new Track?[faces.Count];
        var taken = new bool[_tracks.Count];
        foreach (var (face, track) in CandidatePairs(faces))
        {
            if (assigned[face] is null && !taken[track])
            {
                assigned[face] = _tracks[track];
                taken[track] = true;
            }
        }

        var result = new TrackedFace[faces.Count];
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var track = assigned[i];
            if (track is null)
            {
                track = new Track(_nextId++, face.Scores.Probabilities.ToArray());
                _tracks.Add(track);
            }
            else
            {
                Blend(track.Smoothed, face.Scores.Probabilities, options.SmoothingAlpha);
            }

            track.LastBox = face.Box;
            track.LastSeen = at;
            result[i] = new TrackedFace(track.Id, face.Box, new EmotionScores(track.Smoothed), face.Scores);
        }

        return result;
    }

    /// <summary>Exponential moving average in place: <c>smoothed = α·latest + (1−α)·smoothed</c>.</summary>
    public static void Blend(Span<float> smoothed, IReadOnlyList<float> latest, double alpha)
    {
        ArgumentNullException.ThrowIfNull(latest);
        if (latest.Count != smoothed.Length)
        {
            throw new ArgumentException($"Expected {smoothed.Length} values, got {latest.Count}.", nameof(latest));
        }

        for (var k = 0; k < smoothed.Length; k++)
        {
            smoothed[k] = (float)((alpha * latest[k]) + ((1 - alpha) * smoothed[k]));
        }
    }

    private List<(int Face, int Track)> CandidatePairs(IReadOnlyList<FaceResult> faces)
    {
        var pairs = new List<(double IoU, int Face, int Track)>();
        for (var f = 0; f < faces.Count; f++)
        {
            for (var t = 0; t < _tracks.Count; t++)
            {
                var iou = faces[f].Box.IoU(_tracks[t].LastBox);
                if (iou >= options.IouThreshold)
                {
                    pairs.Add((iou, f, t));
                }
            }
        }

        // Best overlap first; ties go to the older track, then the earlier face, so the result never depends on sort stability.
        return pairs
            .OrderByDescending(p => p.IoU)
            .ThenBy(p => p.Track)
            .ThenBy(p => p.Face)
            .Select(p => (p.Face, p.Track))
            .ToList();
    }

    private sealed class Track(int id, float[] smoothed)
    {
        public int Id { get; } = id;

        public float[] Smoothed { get; } = smoothed;

        public FaceBox LastBox { get; set; }

        public TimeSpan LastSeen { get; set; }
    }
}
