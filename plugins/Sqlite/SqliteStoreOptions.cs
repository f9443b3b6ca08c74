using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>Settings of the embedded SQLite stores (section <c>Stores:Sqlite</c>).</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the database file; relative paths are taken from the working directory.</summary>
    [Required]
    public string Path { get; set; } = "data/openwhisk.db";

    /// <summary>Gets or sets how long a writer waits for a lock held by another connection.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
