using EmoTune.Music.Catalog;
using EmoTune.Music.Recommendation;

namespace EmoTune.Music.Tests;

/// <summary>A music source serving a fixed list.</summary>
internal sealed class FakeMusicSource(string name, IReadOnlyList<Track> tracks) : IMusicSource
{
    public string Name => name;

    public ValueTask<IReadOnlyList<Track>> GetTracksAsync(CancellationToken ct = default) => ValueTask.FromResult(tracks);
}
