using EmoTune.Core.Emotions;
using EmoTune.Vision.Tracking;

namespace EmoTune.Vision.Tests.Tracking;

public sealed class StableMoodTests
{
    [Fact]
    public void Update_FirstEmotion_BecomesTheMoodOnlyAfterTheHold()
    {
        var sut = new StableMood(TimeSpan.FromSeconds(2));

        Assert.False(sut.Update(Emotion.Happy, Ms(0)));
        Assert.False(sut.Update(Emotion.Happy, Ms(1999)));
        Assert.Null(sut.Current);
        Assert.True(sut.Update(Emotion.Happy, Ms(2000)));
        Assert.Equal(Emotion.Happy, sut.Current);
        Assert.Equal(Ms(2000), sut.ChangedAt);
    }

    [Theory]
    [InlineData(1000, 999, false)]
    [InlineData(1000, 1000, true)]
    [InlineData(1000, 1500, true)]
    [InlineData(0, 0, true)]
    public void Update_ChallengerHeldFor_ChangesTheMoodExactlyAtTheHold(int holdMs, int heldMs, bool changed)
    {
        var sut = CreateWithMood(Emotion.Neutral, TimeSpan.FromMilliseconds(holdMs));
        var start = sut.ChangedAt!.Value + Ms(100);

        sut.Update(Emotion.Sad, start);
        sut.Update(Emotion.Sad, start + Ms(heldMs));

        Assert.Equal(changed ? Emotion.Sad : Emotion.Neutral, sut.Current);
    }

    [Fact]
    public void Update_FlickersShorterThanTheHold_NeverChangeTheMood()
    {
        var sut = CreateWithMood(Emotion.Happy, TimeSpan.FromSeconds(1));
        var t = sut.ChangedAt!.Value;
        Emotion[] observed = [Emotion.Surprise, Emotion.Surprise, Emotion.Happy, Emotion.Fear, Emotion.Surprise, Emotion.Fear, Emotion.Happy];

        foreach (var emotion in observed)
        {
            t += Ms(400);
            Assert.False(sut.Update(emotion, t));
        }

        Assert.Equal(Emotion.Happy, sut.Current);
    }

    [Fact]
    public void Update_ReturnToTheCurrentMood_RestartsTheChallengersClock()
    {
        var sut = CreateWithMood(Emotion.Happy, TimeSpan.FromSeconds(1));
        var t = sut.ChangedAt!.Value;

        sut.Update(Emotion.Sad, t + Ms(100));
        sut.Update(Emotion.Happy, t + Ms(900));
        sut.Update(Emotion.Sad, t + Ms(1000));
        Assert.False(sut.Update(Emotion.Sad, t + Ms(1900)));
        Assert.True(sut.Update(Emotion.Sad, t + Ms(2000)));
        Assert.Equal(Emotion.Sad, sut.Current);
    }

    [Fact]
    public void Update_NoFace_BreaksTheRunButKeepsTheMood()
    {
        var sut = CreateWithMood(Emotion.Happy, TimeSpan.FromSeconds(1));
        var t = sut.ChangedAt!.Value;

        sut.Update(Emotion.Angry, t + Ms(100));
        sut.Update(null, t + Ms(600));
        sut.Update(Emotion.Angry, t + Ms(700));

        Assert.False(sut.Update(Emotion.Angry, t + Ms(1600)));
        Assert.Equal(Emotion.Happy, sut.Current);
        Assert.True(sut.Update(Emotion.Angry, t + Ms(1700)));
    }

    [Fact]
    public void Update_TimeGoesBackwards_IsRefused()
    {
        var sut = new StableMood(TimeSpan.FromSeconds(1));
        sut.Update(Emotion.Happy, Ms(500));

        Assert.Throws<ArgumentException>(() => sut.Update(Emotion.Happy, Ms(499)));
    }

    [Fact]
    public void Constructor_NegativeHold_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StableMood(TimeSpan.FromSeconds(-1)));
    }

    private static StableMood CreateWithMood(Emotion mood, TimeSpan hold)
    {
        var sut = new StableMood(hold);
        sut.Update(mood, Ms(0));
        sut.Update(mood, hold);
        Assert.Equal(mood, sut.Current);
        return sut;
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
