using EmoTune.Core.Emotions;
using EmoTune.Core.Moods;

namespace EmoTune.Core.Tests.Moods;

public sealed class MoodMapTests
{
    private static string CreateJson(string? replaceSad = null)
    {
        var sad = replaceSad ?? """{ "emotion": "sad", "mood": "sad", "valence": 0.2, "arousal": 0.25, "valenceSpread": 0.15, "arousalSpread": 0.15 }""";
        return $$"""
            { "regions": [
              { "emotion": "angry", "mood": "angry", "valence": 0.2, "arousal": 0.8, "valenceSpread": 0.15, "arousalSpread": 0.15 },
              { "emotion": "disgust", "mood": "irritated", "valence": 0.2, "arousal": 0.6, "valenceSpread": 0.15, "arousalSpread": 0.15 },
              { "emotion": "fear", "mood": "anxious", "valence": 0.25, "arousal": 0.7, "valenceSpread": 0.15, "arousalSpread": 0.15 },
              { "emotion": "happy", "mood": "happy", "valence": 0.85, "arousal": 0.7, "valenceSpread": 0.15, "arousalSpread": 0.15 },
              {{sad}},
              { "emotion": "surprise", "mood": "excited", "valence": 0.65, "arousal": 0.8, "valenceSpread": 0.15, "arousalSpread": 0.15 },
              { "emotion": "neutral", "mood": "calm", "valence": 0.5, "arousal": 0.3, "valenceSpread": 0.15, "arousalSpread": 0.15 }
            ] }
            """;
    }

    [Fact]
    public void Default_PlacesEmotionsInRussellsQuadrants()
    {
        var map = MoodMap.Default;

        Assert.Equal(EmotionLabels.Count, map.Regions.Count);
        Assert.All(EmotionLabels.All, e => Assert.Equal(e, map[e].Emotion));
        // Unpleasant and activated.
        Assert.True(map[Emotion.Angry].Centre.Valence < 0.4 && map[Emotion.Angry].Centre.Arousal > 0.6);
        Assert.True(map[Emotion.Fear].Centre.Valence < 0.4 && map[Emotion.Fear].Centre.Arousal > 0.6);
        // Unpleasant and deactivated.
        Assert.True(map[Emotion.Sad].Centre.Valence < 0.4 && map[Emotion.Sad].Centre.Arousal < 0.4);
        // Pleasant.
        Assert.True(map[Emotion.Happy].Centre.Valence > 0.7);
        // Neutral reads as calm: mid valence, low arousal.
        Assert.Equal("calm", map[Emotion.Neutral].Mood);
        Assert.InRange(map[Emotion.Neutral].Centre.Valence, 0.4, 0.6);
        Assert.True(map[Emotion.Neutral].Centre.Arousal < 0.4);
    }

    [Fact]
    public void Blend_WeighsRegionCentresByProbability()
    {
        var map = MoodMap.Parse(CreateJson(), "test");
        var p = new float[EmotionLabels.Count];
        p[(int)Emotion.Sad] = 0.5f;
        p[(int)Emotion.Happy] = 0.5f;

        var blended = map.Blend(new EmotionScores(p));

        Assert.Equal((0.2 + 0.85) / 2, blended.Valence, 6);
        Assert.Equal((0.25 + 0.7) / 2, blended.Arousal, 6);
    }

    [Fact]
    public void MoveToward_HalfWay_IsTheMidpoint()
    {
        var moved = new MoodPoint(0.2, 0.4).MoveToward(new MoodPoint(0.8, 0.6), 0.5);

        Assert.Equal(0.5, moved.Valence, 12);
        Assert.Equal(0.5, moved.Arousal, 12);
    }

    [Theory]
    [InlineData("""{ "emotion": "sad", "mood": "sad", "valence": 1.2, "arousal": 0.25, "valenceSpread": 0.15, "arousalSpread": 0.15 }""", "\"valence\" is 1.2")]
    [InlineData("""{ "emotion": "sad", "mood": "sad", "valence": 0.2, "arousal": 0.25, "valenceSpread": 0, "arousalSpread": 0.15 }""", "\"valenceSpread\" must be greater than 0")]
    [InlineData("""{ "emotion": "bored", "mood": "sad", "valence": 0.2, "arousal": 0.25, "valenceSpread": 0.1, "arousalSpread": 0.15 }""", "'bored' is not an emotion")]
    [InlineData("""{ "emotion": "happy", "mood": "sad", "valence": 0.2, "arousal": 0.25, "valenceSpread": 0.1, "arousalSpread": 0.15 }""", "happy appears twice")]
    public void Parse_BadRegion_NamesSourceAndRegion(string sad, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => MoodMap.Parse(CreateJson(sad), "moods.json"));

        Assert.StartsWith("moods.json: region 4", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingEmotion_NamesIt()
    {
        var json = """{ "regions": [ { "emotion": "sad", "mood": "sad", "valence": 0.2, "arousal": 0.25, "valenceSpread": 0.15, "arousalSpread": 0.15 } ] }""";

        var e = Assert.Throws<InvalidDataException>(() => MoodMap.Parse(json, "moods.json"));

        Assert.Contains("no region for angry, disgust, fear, happy, surprise, neutral", e.Message, StringComparison.Ordinal);
    }
}
