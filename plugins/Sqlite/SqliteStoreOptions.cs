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

    /// <summary>
    /// Gets or sets whether activation records are appended to a log file beside the database and committed to it in
    /// larger batches (every <see cref="RecordLogInterval"/>, and before every read of this process). A record is as
    /// durable once appended as once committed. Only for a database that one process writes and reads: readers in
    /// other processes see a record once its batch is committed. <c>config/appsettings.standalone.json</c> turns it on.
    /// </summary>
    public bool RecordLog { get; set; }

    /// <summary>Gets or sets how long logged records wait, at most, before they are committed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RecordLogInterval { get; set; } = TimeSpan.FromMilliseconds(20);
}
