using EmoTune.Core.Faces;
using OpenCvSharp;

namespace EmoTune.Vision.Tests;

/// <summary>
/// FER2013 test faces that every detector (haar-default, haar-alt2, lbp, YuNet) finds when enlarged to 140 px and pasted
/// alone into a 640×480 scene, and the places the scene tests paste three of them.
/// </summary>
internal static class Faces
{
    public static readonly (string Class, string File)[] Detectable =
    [
        ("happy", "PublicTest_10130075.jpg"),
        ("neutral", "PublicTest_10262886.jpg"),
        ("surprise", "PublicTest_11056779.jpg"),
        ("sad", "PublicTest_11314873.jpg"),
        ("angry", "PublicTest_10813312.jpg"),
        ("happy", "PublicTest_10245799.jpg"),
        ("neutral", "PublicTest_10726845.jpg"),
        ("angry", "PublicTest_12751829.jpg"),
    ];

    /// <summary>Three boxes of different sizes (150, 160, 130 px) that don't overlap.</summary>
    public static readonly FaceBox[] Places =
    [
        new(40, 60, 150, 150),
        new(250, 260, 160, 160),
        new(470, 80, 130, 130),
    ];

    /// <summary>Loads <see cref="Detectable"/>[first..first+count) paired with <see cref="Places"/>.</summary>
    public static List<(Mat Face, FaceBox Box)> Load(int first = 0, int count = 3) =>
        Enumerable.Range(0, count)
            .Select(i => (Scenes.LoadFace(Detectable[first + i].Class, Detectable[first + i].File), Places[i]))
            .ToList();

    /// <summary>Disposes the faces of a loaded list.</summary>
    public static void Dispose(IEnumerable<(Mat Face, FaceBox Box)> faces)
    {
        foreach (var (face, _) in faces)
        {
            face.Dispose();
        }
    }
}
