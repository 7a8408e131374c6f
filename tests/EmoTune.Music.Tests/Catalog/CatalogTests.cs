using EmoTune.Music.Catalog;

namespace EmoTune.Music.Tests.Catalog;

public sealed class CatalogTests
{
    private static readonly TrackCatalog Embedded = TrackCatalog.LoadEmbedded();

    private static string CreateEntry(string artist = "Queen", string title = "Bohemian Rhapsody", string year = "1975", string genre = "rock", string valence = "0.35", string energy = "0.5", string tempo = "72") =>
        $$"""{ "artist": "{{artist}}", "title": "{{title}}", "year": {{year}}, "genre": "{{genre}}", "valence": {{valence}}, "energy": {{energy}}, "tempo": {{tempo}} }""";

    [Fact]
    public void Embedded_HasAtLeast300Tracks()
    {
        Assert.True(Embedded.Tracks.Count >= 300, $"{Embedded.Tracks.Count} tracks");
    }

    [Fact]
    public void Embedded_EveryFieldInRange()
    {
        Assert.All(Embedded.Tracks, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Artist));
            Assert.False(string.IsNullOrWhiteSpace(t.Title));
            Assert.InRange(t.Year, TrackCatalog.MinYear, DateTime.UtcNow.Year);
            Assert.InRange(t.Valence, 0, 1);
            Assert.InRange(t.Energy, 0, 1);
            Assert.InRange(t.Tempo, TrackCatalog.MinTempo, TrackCatalog.MaxTempo);
            Assert.StartsWith("catalog:", t.Id, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Embedded_NoArtistAndTitleTwice()
    {
        var duplicates = Embedded.Tracks
            .GroupBy(t => (t.Artist.ToUpperInvariant(), t.Title.ToUpperInvariant()))
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.Empty(duplicates);
        Assert.Equal(Embedded.Tracks.Count, Embedded.Tracks.Select(t => t.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Embedded_SpansGenresAndDecades()
    {
        var genres = Embedded.Tracks.Select(t => t.Genre).Distinct(StringComparer.Ordinal).Count();
        var decades = Embedded.Tracks.Where(t => t.Year >= 1950).Select(t => t.Year / 10).Distinct().Count();

        Assert.True(genres >= 12, $"{genres} genres");
        Assert.True(decades >= 7, $"{decades} decades since 1950");
    }

    [Fact]
    public void Embedded_EveryCornerOfTheMoodPlaneHasTracks()
    {
        // Sad (low, low), angry (low valence, high energy), happy (high, high), calm (mid or high valence, low energy).
        Assert.True(Embedded.Tracks.Count(t => t.Valence < 0.35 && t.Energy < 0.35) >= 20);
        Assert.True(Embedded.Tracks.Count(t => t.Valence < 0.35 && t.Energy > 0.7) >= 20);
        Assert.True(Embedded.Tracks.Count(t => t.Valence > 0.7 && t.Energy > 0.7) >= 20);
        Assert.True(Embedded.Tracks.Count(t => t.Valence >= 0.4 && t.Energy < 0.35) >= 20);
    }

    [Fact]
    public void Parse_ValidEntry_BuildsTrackWithSlugId()
    {
        var catalog = TrackCatalog.Parse($"[{CreateEntry(artist: "Guns N' Roses", title: "Sweet Child o' Mine")}]", "test");

        var track = Assert.Single(catalog.Tracks);
        Assert.Equal("catalog:guns-n-roses/sweet-child-o-mine", track.Id);
        Assert.Equal(1975, track.Year);
        Assert.Equal(72, track.Tempo);
    }

    [Theory]
    [InlineData("valence", "1.5", "\"valence\" is 1.5, outside 0–1")]
    [InlineData("energy", "-0.1", "\"energy\" is -0.1, outside 0–1")]
    [InlineData("tempo", "12", "\"tempo\" is 12, outside 40–300")]
    [InlineData("year", "3000", "\"year\" is 3000")]
    [InlineData("genre", "Rock", "genre 'Rock' must be lower-case")]
    public void Parse_OutOfRange_NamesFileEntryAndTrack(string field, string value, string expected)
    {
        var bad = field switch
        {
            "valence" => CreateEntry(valence: value),
            "energy" => CreateEntry(energy: value),
            "tempo" => CreateEntry(tempo: value),
            "year" => CreateEntry(year: value),
            _ => CreateEntry(genre: value),
        };

        var e = Assert.Throws<InvalidDataException>(() => TrackCatalog.Parse($"[{CreateEntry(title: "Other")}, {bad}]", "catalog.json"));

        Assert.StartsWith("catalog.json: entry 1 (Queen – Bohemian Rhapsody)", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameArtistAndTitleIgnoringCase_Rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => TrackCatalog.Parse($"[{CreateEntry()}, {CreateEntry(artist: "QUEEN")}]", "catalog.json"));

        Assert.Contains("entry 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("appear twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingField_Rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => TrackCatalog.Parse("""[{ "artist": "Queen", "title": "X", "year": 1975, "genre": "rock", "valence": 0.5, "energy": 0.5 }]""", "catalog.json"));

        Assert.Contains("\"tempo\" must be a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenJson_NamesLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => TrackCatalog.Parse("[\n{ \"artist\": }\n]", "catalog.json"));

        Assert.StartsWith("catalog.json: line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogMusicSource_ServesTheCatalogue()
    {
        var source = new CatalogMusicSource(Embedded);

        var tracks = await source.GetTracksAsync();

        Assert.Equal("catalog", source.Name);
        Assert.Same(Embedded.Tracks, tracks);
    }
}
