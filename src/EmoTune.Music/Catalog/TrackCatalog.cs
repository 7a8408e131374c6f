using System.Globalization;
using System.Text.Json;
using EmoTune.Core.Data;

namespace EmoTune.Music.Catalog;

/// <summary>
/// The catalogue shipped inside the library (<c>Catalog/catalog.json</c>, an embedded resource): well-known tracks
/// across genres and decades with editorial estimates of valence, energy and tempo.
/// </summary>
public sealed class TrackCatalog
{
    /// <summary>The source name in catalogue track ids (<c>catalog:…</c>).</summary>
    public const string SourceName = "catalog";

    /// <summary>Lowest accepted year (classical works are dated by composition or first performance).</summary>
    public const int MinYear = 1600;

    /// <summary>Accepted tempo range in beats per minute.</summary>
    public const double MinTempo = 40, MaxTempo = 300;

    private const string ResourceName = "EmoTune.Music.Catalog.catalog.json";

    private TrackCatalog(IReadOnlyList<Track> tracks) => Tracks = tracks;

    /// <summary>All tracks in file order.</summary>
    public IReadOnlyList<Track> Tracks { get; }

    /// <summary>Loads the embedded catalogue.</summary>
    public static TrackCatalog LoadEmbedded()
    {
        return Parse(JsonDataFile.ReadResource(typeof(TrackCatalog).Assembly, ResourceName), ResourceName);
    }

    /// <summary>
    /// Parses and validates a catalogue: a JSON array of <c>{"artist","title","year","genre","valence","energy","tempo"}</c>
    /// objects; valence and energy in 0–1, tempo in 40–300 BPM, a plausible year, a lower-case genre and no artist+title
    /// twice (ignoring case).
    /// </summary>
    /// <exception cref="InvalidDataException">A malformed entry; the message names <paramref name="source"/>, the entry number and the track.</exception>
    public static TrackCatalog Parse(string json, string source)
    {
        using (var document = JsonDataFile.Parse(json, source))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{source}: expected a JSON array of tracks.");
            }

            var tracks = new List<Track>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var maxYear = DateTime.UtcNow.Year;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var where = string.Create(CultureInfo.InvariantCulture, $"{source}: entry {tracks.Count}");
                var artist = JsonDataFile.RequiredString(entry, "artist", where);
                var title = JsonDataFile.RequiredString(entry, "title", where);
                where = $"{where} ({artist} – {title})";
                var genre = JsonDataFile.RequiredString(entry, "genre", where);
                if (genre.Any(char.IsUpper))
                {
                    throw new InvalidDataException($"{where}: genre '{genre}' must be lower-case.");
                }

                var year = (int)JsonDataFile.Number(entry, "year", where, MinYear, maxYear);
                var track = new Track(
                    Track.CreateId(SourceName, artist, title),
                    artist,
                    title,
                    year,
                    genre,
                    JsonDataFile.Number(entry, "valence", where, 0, 1),
                    JsonDataFile.Number(entry, "energy", where, 0, 1),
                    JsonDataFile.Number(entry, "tempo", where, MinTempo, MaxTempo));
                if (!seen.Add(track.Id))
                {
                    throw new InvalidDataException($"{where}: the same artist and title appear twice.");
                }

                tracks.Add(track);
            }

            return new TrackCatalog(tracks);
        }
    }
}
