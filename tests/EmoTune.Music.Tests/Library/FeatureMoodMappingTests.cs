using EmoTune.Music.Library;

namespace EmoTune.Music.Tests.Library;

public sealed class FeatureMoodMappingTests
{
    private static AudioFeatures Create(double tempo = 120, double dbfs = -14, double centroid = 1500, MusicalMode mode = MusicalMode.Major, double confidence = 0.3) =>
        new(tempo, dbfs, Math.Pow(10, dbfs / 20), centroid, new KeyEstimate(0, mode, confidence));

    [Fact]
    public void Energy_LouderFasterBrighter_IsHigher()
    {
        Assert.True(FeatureMoodMapping.Energy(Create(dbfs: -8)) > FeatureMoodMapping.Energy(Create(dbfs: -30)));
        Assert.True(FeatureMoodMapping.Energy(Create(tempo: 160)) > FeatureMoodMapping.Energy(Create(tempo: 80)));
        Assert.True(FeatureMoodMapping.Energy(Create(centroid: 4000)) > FeatureMoodMapping.Energy(Create(centroid: 600)));
    }

    [Fact]
    public void Valence_MajorOverMinor_AndMoreSoWithConfidence()
    {
        var major = FeatureMoodMapping.Valence(Create(mode: MusicalMode.Major));
        var minor = FeatureMoodMapping.Valence(Create(mode: MusicalMode.Minor));
        var unsure = FeatureMoodMapping.Valence(Create(mode: MusicalMode.Minor, confidence: 0));

        Assert.True(major > unsure && unsure > minor, $"major {major}, unsure {unsure}, minor {minor}");
    }

    [Theory]
    [InlineData(0, -120, 0, MusicalMode.Minor, 1, 0, 0)]
    [InlineData(300, 0, 20000, MusicalMode.Major, 1, 1, 1)]
    public void Extremes_StayInUnitRange(double tempo, double dbfs, double centroid, MusicalMode mode, double confidence, double valence, double energy)
    {
        var f = Create(tempo, dbfs, centroid, mode, confidence);

        Assert.Equal(valence, FeatureMoodMapping.Valence(f), 9);
        Assert.Equal(energy, FeatureMoodMapping.Energy(f), 9);
    }

    [Fact]
    public void Weights_SumAsDocumented()
    {
        Assert.Equal(1, FeatureMoodMapping.EnergyLoudness + FeatureMoodMapping.EnergyTempo + FeatureMoodMapping.EnergyBrightness, 12);
        Assert.Equal(0.5, FeatureMoodMapping.ValenceMode + FeatureMoodMapping.ValenceTempo + FeatureMoodMapping.ValenceBrightness, 12);
    }
}
