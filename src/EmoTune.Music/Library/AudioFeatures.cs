namespace EmoTune.Music.Library;

/// <summary>Descriptors measured from a track's decoded audio (an excerpt; see <see cref="AudioAnalysis"/>).</summary>
/// <param name="TempoBpm">Estimated beats per minute; 0 when no beat was found (a held tone, silence).</param>
/// <param name="LoudnessDbfs">RMS level in dB relative to full scale (a full-scale sine is about −3 dBFS).</param>
/// <param name="Rms">RMS level, linear, 0–1.</param>
/// <param name="CentroidHz">Energy-weighted mean spectral centroid in Hz: the spectrum's "brightness".</param>
/// <param name="Key">Estimated tonic, mode and how clearly the mode was told apart.</param>
public sealed record AudioFeatures(double TempoBpm, double LoudnessDbfs, double Rms, double CentroidHz, KeyEstimate Key);
