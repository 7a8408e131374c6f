using EmoTune.Music.Library;

namespace EmoTune.Music.Tests.Library;

public sealed class AudioAnalysisTests
{
    [Theory]
    [InlineData(90)]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(140)]
    public void Tempo_ClickTrack_WithinTwoBpm(double bpm)
    {
        var features = AudioAnalysis.Analyse(Signals.Clicks(bpm, 20), Signals.Rate);

        Assert.InRange(features.TempoBpm, bpm - 2, bpm + 2);
    }

    [Fact]
    public void Tempo_HeldTone_IsZero()
    {
        Assert.Equal(0, AudioAnalysis.Analyse(Signals.Sine(440, 0.5, 10), Signals.Rate).TempoBpm);
    }

    [Fact]
    public void Key_CMajorProgression_IsCMajor()
    {
        var key = AudioAnalysis.Analyse(Signals.Progression(1, 16, Signals.CMajor), Signals.Rate).Key;

        Assert.Equal(MusicalMode.Major, key.Mode);
        Assert.Equal("C major", key.Name);
        Assert.True(key.Confidence > 0.05, $"confidence {key.Confidence}");
    }

    [Fact]
    public void Key_AMinorProgression_IsAMinor()
    {
        var key = AudioAnalysis.Analyse(Signals.Progression(1, 16, Signals.AMinor), Signals.Rate).Key;

        Assert.Equal(MusicalMode.Minor, key.Mode);
        Assert.Equal("A minor", key.Name);
        Assert.True(key.Confidence > 0.05, $"confidence {key.Confidence}");
    }

    [Fact]
    public void Loudness_HalfScaleSine_IsAboutMinus9Dbfs()
    {
        // RMS of a sine is peak/√2: 0.5/√2 → 20·log10(0.3536) = −9.03 dBFS.
        var features = AudioAnalysis.Analyse(Signals.Sine(440, 0.5, 5), Signals.Rate);

        Assert.Equal(0.5 / Math.Sqrt(2), features.Rms, 3);
        Assert.Equal(-9.03, features.LoudnessDbfs, 1);
    }

    [Fact]
    public void Loudness_Silence_IsFloored()
    {
        var features = AudioAnalysis.Analyse(new float[Signals.Rate * 5], Signals.Rate);

        Assert.Equal(-120, features.LoudnessDbfs);
        Assert.Equal(0, features.TempoBpm);
        Assert.Equal(0, features.Key.Confidence);
    }

    [Theory]
    [InlineData(440)]
    [InlineData(3000)]
    public void Centroid_PureTone_IsItsFrequency(double hz)
    {
        var features = AudioAnalysis.Analyse(Signals.Sine(hz, 0.5, 5), Signals.Rate);

        Assert.InRange(features.CentroidHz, hz * 0.95, hz * 1.05);
    }

    [Fact]
    public void Chroma_ATone_PeaksOnA()
    {
        var chroma = AudioAnalysis.Chroma(Signals.Sine(440, 0.5, 3), Signals.Rate);

        Assert.Equal(9, Array.IndexOf(chroma, chroma.Max()));
        Assert.Equal(1, chroma.Sum(), 6);
    }
}
