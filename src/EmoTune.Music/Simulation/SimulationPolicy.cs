namespace EmoTune.Music.Simulation;

/// <summary>How the simulated listeners' tracks are chosen.</summary>
public enum SimulationPolicy
{
    /// <summary>The recommender with Thompson-sampling personalisation on each listener's feedback.</summary>
    Personalised = 0,

    /// <summary>The recommender ranking by mood fit alone.</summary>
    Unpersonalised = 1,

    /// <summary>A uniformly random track not played recently.</summary>
    Random = 2,
}
