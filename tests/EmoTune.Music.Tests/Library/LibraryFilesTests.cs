using EmoTune.Music.Library;
using EmoTune.Testing;

namespace EmoTune.Music.Tests.Library;

public sealed class LibraryFilesTests
{
    [Theory]
    [InlineData("a.mp3", true)]
    [InlineData("a.FLAC", true)]
    [InlineData("a.ogg", true)]
    [InlineData("a.m4a", true)]
    [InlineData("a.wav", true)]
    [InlineData("a.txt", false)]
    [InlineData("mp3", false)]
    public void IsSupported_ByExtensionIgnoringCase(string name, bool expected)
    {
        Assert.Equal(expected, LibraryFiles.IsSupported(name));
    }

    [Fact]
    public void IsInside_DotDotOutOfTheFolder_IsOutside()
    {
        using var temp = TempFolder.Create();
        var music = Directory.CreateDirectory(temp.Combine("music")).FullName;
        File.WriteAllBytes(temp.Combine("secret.wav"), [1]);
        File.WriteAllBytes(temp.Combine("music", "song.wav"), [1]);

        Assert.True(LibraryFiles.IsInside(music, Path.Combine(music, "song.wav")));
        Assert.False(LibraryFiles.IsInside(music, Path.Combine(music, "..", "secret.wav")));
        Assert.False(LibraryFiles.IsInside(music, music));
        Assert.False(LibraryFiles.IsInside(music, music + "-other/song.wav"));
    }

    [Fact]
    public void IsInside_SymlinkEscapingTheFolder_IsOutside()
    {
        using var temp = TempFolder.Create();
        var music = Directory.CreateDirectory(temp.Combine("music")).FullName;
        var outside = Directory.CreateDirectory(temp.Combine("outside")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "secret.wav"), [1]);
        File.CreateSymbolicLink(Path.Combine(music, "link.wav"), Path.Combine(outside, "secret.wav"));
        Directory.CreateSymbolicLink(Path.Combine(music, "dir"), outside);

        Assert.False(LibraryFiles.IsInside(music, Path.Combine(music, "link.wav")));
        Assert.False(LibraryFiles.IsInside(music, Path.Combine(music, "dir", "secret.wav")));
        Assert.Equal(Path.Combine(outside, "secret.wav"), LibraryFiles.RealPath(Path.Combine(music, "dir", "secret.wav")));
    }

    [Fact]
    public void RealPath_LinkedRoot_ResolvesToTarget()
    {
        using var temp = TempFolder.Create();
        var real = Directory.CreateDirectory(temp.Combine("real")).FullName;
        Directory.CreateSymbolicLink(temp.Combine("alias"), "real");

        Assert.Equal(LibraryFiles.RealPath(real), LibraryFiles.RealPath(temp.Combine("alias")));
        Assert.True(LibraryFiles.IsInside(temp.Combine("alias"), Path.Combine(real, "x.mp3")));
    }

    [Fact]
    public void RealPath_LinkLoop_Throws()
    {
        using var temp = TempFolder.Create();
        File.CreateSymbolicLink(temp.Combine("a"), temp.Combine("b"));
        File.CreateSymbolicLink(temp.Combine("b"), temp.Combine("a"));

        Assert.Throws<IOException>(() => LibraryFiles.RealPath(temp.Combine("a")));
    }

    [Fact]
    public void CreateId_SamePathSameId_DifferentPathDifferentId()
    {
        Assert.Equal(LibraryEntry.CreateId("/music/a.mp3"), LibraryEntry.CreateId("/music/a.mp3"));
        Assert.NotEqual(LibraryEntry.CreateId("/music/a.mp3"), LibraryEntry.CreateId("/music/b.mp3"));
        Assert.Matches("^local:[0-9a-f]{16}$", LibraryEntry.CreateId("/music/a.mp3"));
    }
}
