namespace EmoTune.Vision.Inference;

/// <summary>An uploaded or streamed image EmoTune can't use; the message says why and is safe to show the sender.</summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>Creates the exception with a reason.</summary>
    public InvalidImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public InvalidImageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception without a reason.</summary>
    public InvalidImageException()
        : base("The image is not usable.")
    {
    }
}
