using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The SQLite file both embedded stores share: opens pooled connections in WAL mode and creates or migrates the
/// schema (versioned with <c>PRAGMA user_version</c>) once.
/// </summary>
public sealed class SqliteDatabase
{
    private const int SchemaVersion = 4;
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS entities (
            doc_id TEXT PRIMARY KEY,
            entity_type TEXT NOT NULL,
            namespace TEXT NOT NULL,
            root_namespace TEXT NOT NULL,
            name TEXT NOT NULL,
            updated INTEGER NOT NULL,
            revision TEXT NOT NULL,
            body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS entities_by_namespace ON entities (entity_type, namespace, updated DESC);
        CREATE INDEX IF NOT EXISTS entities_by_root ON entities (entity_type, root_namespace, updated DESC);
        CREATE TABLE IF NOT EXISTS subjects (
            subject TEXT PRIMARY KEY,
            revision TEXT NOT NULL,
            body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS subject_keys (
            uuid TEXT PRIMARY KEY,
            namespace TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL REFERENCES subjects (subject) ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS activations (
            namespace TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            path TEXT NOT NULL,
            start INTEGER NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (namespace, activation_id));
        CREATE INDEX IF NOT EXISTS activations_by_start ON activations (namespace, start DESC);
        CREATE INDEX IF NOT EXISTS activations_by_path ON activations (namespace, path, start DESC);
        """,
        """
        CREATE TABLE IF NOT EXISTS accepted_activations (
            namespace TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            controller TEXT NOT NULL,
            deadline INTEGER NOT NULL,
            fallback TEXT NOT NULL,
            PRIMARY KEY (namespace, activation_id));
        CREATE INDEX IF NOT EXISTS accepted_by_deadline ON accepted_activations (deadline);
        """,
        // The journal holds only the activations in flight, and each is written twice (accepted, then ended): one
        // b-tree keyed by the activation instead of a table, its key index and a deadline index, so each write
        // touches a third of the pages. The overdue sweep, every few seconds, scans the small table instead.
        """
        CREATE TABLE accepted_activations_keyed (
            namespace TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            controller TEXT NOT NULL,
            deadline INTEGER NOT NULL,
            fallback TEXT NOT NULL,
            PRIMARY KEY (namespace, activation_id)) WITHOUT ROWID;
        INSERT INTO accepted_activations_keyed SELECT namespace, activation_id, controller, deadline, fallback FROM accepted_activations;
        DROP TABLE accepted_activations;
        ALTER TABLE accepted_activations_keyed RENAME TO accepted_activations;
        """,
        // Notes of accepted activations moved to files of their own (AcceptedActivationLog; what this table still holds
        // is moved there when a store first opens). A note counts until its record is stored, or until it is forgotten
        // here: a refused invocation's, or one whose record was deleted before its segment was swept.
        """
        CREATE TABLE forgotten_activations (
            namespace TEXT NOT NULL,
            activation_id TEXT NOT NULL,
            forgotten INTEGER NOT NULL,
            PRIMARY KEY (namespace, activation_id)) WITHOUT ROWID;
        """,
    ];

    private readonly string connectionString;
    private readonly Lazy<Task> ready;

    public SqliteDatabase(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = System.IO.Path.GetFullPath(options.Value.Path);
        FilePath = path;
        Options = options.Value;
        KeepPrivate(path);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)options.Value.BusyTimeout.TotalSeconds,
        }.ToString();
        ready = new Lazy<Task>(MigrateAsync);
    }

    /// <summary>Gets the database file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Gets the settings the database was opened with.</summary>
    public SqliteStoreOptions Options { get; }

    /// <summary>
    /// The file holds every namespace's keys: only its owner may read it. A new file and a new folder are created so,
    /// and an existing file readable by others is narrowed. SQLite gives its <c>-wal</c> and <c>-shm</c> files the
    /// mode of the database file.
    /// </summary>
    private static void KeepPrivate(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly,
                });
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it at the same moment; narrowed below.
            }
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                if (File.Exists(file) && (File.GetUnixFileMode(file) & ~ownerOnly & ~UnixFileMode.UserExecute) != 0)
                {
                    File.SetUnixFileMode(file, ownerOnly);
                }
            }
            catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
            {
                // Another user's file (or a filesystem without modes): used as it is, as before.
            }
        }
    }

    /// <summary>Opens a connection, creating or migrating the schema first if needed.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>An open connection; dispose it.</returns>
    /// <exception cref="StoreUnavailableException">The file cannot be opened.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await ready.Value;
        return await OpenRawAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException exception)
        {
            await connection.DisposeAsync();
            throw new StoreUnavailableException("The database file could not be opened: " + exception.Message, exception);
        }
    }

    private async Task MigrateAsync()
    {
        await using var connection = await OpenRawAsync(CancellationToken.None);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync();
        }

        await using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        for (var next = current; next < SchemaVersion; next++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[next] + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {next + 1};");
            await migrate.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }
}
