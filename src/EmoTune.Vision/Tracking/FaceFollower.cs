using EmoTune.Core.Faces;
using EmoTune.Vision.Detection;
using OpenCvSharp;

namespace EmoTune.Vision.Tracking;

/// <summary>
/// Finds the faces of one stream's frames cheaply: a full-frame detection every
/// <see cref="DetectionOptions.FullDetectionEvery"/> frames, and at once when a known face is lost; in between, each
/// known face is looked for only in a window around where it was, turned by its head tilt
/// (<see cref="IFaceDetector.DetectInWindows"/>), and a frame
/// with no known face costs nothing. One per stream, not thread-safe; the detector may be shared.
/// </summary>
/// <remarks>
/// A full YuNet detection at 640 px costs several times a window's. A face that enters appears at the next full
/// detection, within <see cref="DetectionOptions.FullDetectionEvery"/> frames (about half a second at 15 frames/s).
/// Given a <c>phase</c> source, the first cycle after the first detection is shortened by a random number of frames,
/// so streams that start together (clients reconnecting after a restart) do not all pay for a full detection in the
/// same frame: eight lock-step streams on 2 cores skipped a tenth of their frames that way (`bench loopback`, 2026-12-03).
/// With a <see cref="RotatingFaceDetector"/>, a full detection is its upright pass only, and its turned passes come one
/// in each of the next frames (each finding faces the others missed, added to the known ones): three passes at once
/// took a single stream's frame past its 67 ms at 15 frames/s, one at a time keep every frame to about one detection.
/// </remarks>
/// <param name="detector">The detector, which may be shared between followers.</param>
/// <param name="options">How often to detect on the whole frame, and the window size.</param>
/// <param name="phase">Where to draw the first cycle's random shortening from; null keeps every cycle whole (tests).</param>
/// <param name="streams">Where the follower reports its frames, so the app knows how many streams are live; null: nowhere.</param>
public sealed class FaceFollower(IFaceDetector detector, DetectionOptions options, Random? phase = null, LiveStreams? streams = null)
{
    private DetectedFace[] _known = [];
    private int _sinceFull;
    private bool _primed;
    private double[] _turns = [];
    private int _nextTurn;

    /// <summary>Full-frame detections so far (the upright pass, when the detector turns).</summary>
    public int FullDetections { get; private set; }

    /// <summary>Turned whole-frame passes so far (<see cref="RotatingFaceDetector.DetectTurned"/>).</summary>
    public int TurnedPasses { get; private set; }

    /// <summary>The faces in the next frame of the stream, largest first.</summary>
    public DetectedFace[] Next(Mat frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        streams?.Frame(this);
        if (_primed && _sinceFull < options.FullDetectionEvery - 1)
        {
            if (_known.Length == 0)
            {
                _sinceFull++;
                return _known = Turned(frame, []);
            }

            if (Follow(frame) is { } followed)
            {
                _sinceFull++;
                return _known = Turned(frame, followed);
            }
        }

        // The first cycle may be cut short at random (see remarks), every later one is whole.
        _sinceFull = !_primed && phase is not null ? phase.Next(options.FullDetectionEvery) : 0;
        _primed = true;
        FullDetections++;
        _nextTurn = 0;
        if (detector is RotatingFaceDetector rotating && options.FullDetectionEvery >= 3)
        {
            // The turned passes follow in the next frames of the cycle (see remarks); a first cycle cut too short for
            // them (the random phase) leaves them to the next one.
            _turns = _sinceFull + 2 < options.FullDetectionEvery ? rotating.Turns : [];
            return _known = rotating.Upright.DetectFaces(frame);
        }

        _turns = [];
        return _known = detector.DetectFaces(frame);
    }

    /// <summary>Forgets the known faces: the next frame gets a full detection.</summary>
    public void Reset()
    {
        _known = [];
        _primed = false;
        _turns = [];
    }

    /// <summary>The next turned pass of the cycle, if one is due, with the faces it finds that <paramref name="known"/> lacks added.</summary>
    private DetectedFace[] Turned(Mat frame, DetectedFace[] known)
    {
        if (_nextTurn >= _turns.Length || detector is not RotatingFaceDetector rotating)
        {
            return known;
        }

        TurnedPasses++;
        var found = rotating.DetectTurned(frame, _turns[_nextTurn++]);
        return found.Length == 0 ? known : RotatingFaceDetector.Merge(known, found, options.MaxFaces);
    }

    /// <summary>Each known face found again near where it was (all windows in one detector call), or null when any is lost.</summary>
    private DetectedFace[]? Follow(Mat frame)
    {
        var windows = new SearchWindow[_known.Length];
        for (var i = 0; i < _known.Length; i++)
        {
            windows[i] = SearchWindow.Around(_known[i], options.WindowScale);
        }

        var candidates = detector.DetectInWindows(frame, windows);
        var found = new List<DetectedFace>(_known.Length);
        for (var i = 0; i < _known.Length; i++)
        {
            var face = _known[i].Box;
            var best = candidates[i]
                .Where(c => found.All(f => f.Box.IoU(c.Box) < 0.5))
                .OrderBy(c => Math.Abs(c.Box.CenterX - face.CenterX) + Math.Abs(c.Box.CenterY - face.CenterY))
                .FirstOrDefault();
            if (best is null)
            {
                return null;
            }

            found.Add(best);
        }

        return [.. found.OrderByDescending(f => f.Box.Area).ThenBy(f => f.Box.Y).ThenBy(f => f.Box.X)];
    }
}
