using System.Text;

namespace EmoTune.Music.Catalog;

/// <summary>
/// One playable track with the audio descriptors the recommender ranks by. Catalogue values are editorial estimates
/// (see <c>Catalog/README.md</c>), not measured audio features.
/// </summary>
/// <param name="Id">Stable EmoTune id, <c>source:artist-slug/title-slug</c>; never an external service's id.</param>
/// <param name="Artist">Credited artist (composer for classical works).</param>
/// <param name="Title">Track title.</param>
/// <param name="Year">Year of first release (composition or first performance for classical works).</param>
/// <param name="Genre">Lower-case genre, e.g. <c>rock</c>.</param>
/// <param name="Valence">Musical positiveness, 0 (sad, tense) to 1 (cheerful).</param>
/// <param name="Energy">Intensity and activity, 0 (quiet) to 1 (loud, fast, busy).</param>
/// <param name="Tempo">Beats per minute.</param>
public sealed record Track(string Id, string Artist, string Title, int Year, string Genre, double Valence, double Energy, double Tempo)
{
    /// <summary>
    /// The stable id of a track from <paramref name="source"/>: lower-case letters and digits of artist and title,
    /// other characters collapsed to single dashes (<c>catalog:queen/bohemian-rhapsody</c>).
    /// </summary>
    public static string CreateId(string source, string artist, string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(artist);
        ArgumentNullException.ThrowIfNull(title);
        return string.Concat(source, ":", Slug(artist), "/", Slug(title));
    }

    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        var dash = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (dash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (c != '\'' && c != '\u2019')
            {
                dash = true;
            }
        }

        return builder.ToString();
    }
}
