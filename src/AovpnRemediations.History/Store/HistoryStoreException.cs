namespace AovpnRemediations.History.Store;

/// <summary>Why the history store cannot do what was asked, in words a user can act on. Nothing was lost when it is thrown.</summary>
public sealed class HistoryStoreException : Exception
{
    public HistoryStoreException(HistoryError error, string message, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
    }

    public HistoryError Error { get; }
}

/// <summary>What kind of failure, so the CLI can map it to an exit code without reading messages.</summary>
public enum HistoryError
{
    /// <summary>The file is not a DuckDB database, or is one that is not a history store.</summary>
    NotAStore,

    /// <summary>The store was written by a newer version of the tool.</summary>
    NewerSchema,

    /// <summary>Another process has the store open for writing.</summary>
    InUse,

    /// <summary>The disk (or quota) is full.</summary>
    DiskFull,

    /// <summary>Any other read or write failure of the file.</summary>
    Io,

    /// <summary>A snapshot id or package that is not in the store.</summary>
    UnknownSnapshot,

    /// <summary>A request the store cannot answer as asked (two packages in one diff, a second writer, ...).</summary>
    InvalidRequest,
}
