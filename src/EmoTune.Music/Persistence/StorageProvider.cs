namespace EmoTune.Music.Persistence;

/// <summary>Which database engine keeps EmoTune's per-user data (<c>Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>An embedded SQLite file (<c>Music:DatabasePath</c>): one machine, the default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>Storage:ConnectionString</c>), shared by any number of replicas.</summary>
    Postgres,
}
