namespace EmoTune.Training.Tests;

/// <summary>Tests that use libtorch run one after another: it is process-global (threads, seeds) and CPU-bound.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchCollection
{
    public const string Name = "libtorch";
}
