namespace EmoTune.Vision.Tests;

/// <summary>
/// Tests that write a model with TorchSharp run one after another: libtorch is process-global (threads, seeds) and
/// CPU-bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibTorchCollection
{
    public const string Name = "libtorch";
}
