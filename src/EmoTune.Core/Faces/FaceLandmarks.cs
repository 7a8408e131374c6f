namespace EmoTune.Core.Faces;

/// <summary>
/// The five landmarks a detector such as YuNet reports for a face, named from the person's side: their right eye lies on
/// the image's left in an unmirrored frame.
/// </summary>
/// <param name="RightEye">Centre of the person's right eye.</param>
/// <param name="LeftEye">Centre of the person's left eye.</param>
/// <param name="Nose">Tip of the nose.</param>
/// <param name="MouthRight">Right corner of the mouth.</param>
/// <param name="MouthLeft">Left corner of the mouth.</param>
public sealed record FaceLandmarks(FacePoint RightEye, FacePoint LeftEye, FacePoint Nose, FacePoint MouthRight, FacePoint MouthLeft)
{
    /// <summary>The midpoint between the eyes.</summary>
    public FacePoint EyeCentre => new((RightEye.X + LeftEye.X) / 2, (RightEye.Y + LeftEye.Y) / 2);

    /// <summary>Distance between the eye centres, in pixels.</summary>
    public double EyeDistance => Math.Sqrt(Square(LeftEye.X - RightEye.X) + Square(LeftEye.Y - RightEye.Y));

    /// <summary>Angle of the line from the right eye to the left eye, in degrees; 0 when the eyes are level, positive when the left eye is lower (the head leans clockwise on screen).</summary>
    public double RollDegrees => Math.Atan2(LeftEye.Y - RightEye.Y, LeftEye.X - RightEye.X) * 180 / Math.PI;

    /// <summary>The landmarks mapped by <paramref name="map"/>.</summary>
    public FaceLandmarks Map(Func<FacePoint, FacePoint> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return new FaceLandmarks(map(RightEye), map(LeftEye), map(Nose), map(MouthRight), map(MouthLeft));
    }

    private static double Square(double v) => v * v;
}
