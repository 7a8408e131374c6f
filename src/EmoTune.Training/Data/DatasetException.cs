namespace EmoTune.Training.Data;

/// <summary>A dataset file or folder is missing or malformed; the message names the file and line or path.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with a message that names the offending file.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public DatasetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
