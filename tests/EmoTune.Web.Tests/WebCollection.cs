namespace EmoTune.Web.Tests;

/// <summary>One app instance (and one tiny model export, which uses libtorch) for every web test, run in sequence.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebCollection : ICollectionFixture<EmoTuneFactory>
{
    public const string Name = "web";
}
