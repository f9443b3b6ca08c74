using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The activation writer's own connection with its statements prepared once: every batch is one transaction of
/// executions of them, so no batch pays for opening, pragmas or parsing. The statements are SQLite's own, bound
/// straight from the rows: the record's UTF-8 text goes in as it is, without a string in between or a parameter
/// object per value.
/// </summary>
internal sealed class BatchInsert : IAsyncDisposable
{
    // Values up to this many characters are encoded on the stack.
    private const int StackCharacters = 128;

    private readonly SqliteConnection connection;
    private readonly sqlite3_stmt storeRecord;
    private readonly sqlite3_stmt storeIfAbsent;
    private readonly sqlite3_stmt forget;

    private BatchInsert(SqliteConnection connection)
    {
        this.connection = connection;
        // ?1 namespace, ?2 activation id, ?3 path, ?4 start (or when it was forgotten), ?5 body.
        storeRecord = Prepare("""
            INSERT OR REPLACE INTO activations (namespace, activation_id, path, start, body)
            VALUES (?1, ?2, ?3, ?4, ?5)
            """);
        // A fallback never replaces a record, nor comes back for an activation forgotten (or whose record was deleted).
        storeIfAbsent = Prepare("""
            INSERT OR IGNORE INTO activations (namespace, activation_id, path, start, body)
            SELECT ?1, ?2, ?3, ?4, ?5
            WHERE NOT EXISTS (SELECT 1 FROM forgotten_activations WHERE namespace = ?1 AND activation_id = ?2)
            """);
        forget = Prepare("""
            INSERT OR REPLACE INTO forgotten_activations (namespace, activation_id, forgotten)
            VALUES (?1, ?2, ?4)
            """);
    }

    public static async Task<BatchInsert> OpenAsync(SqliteDatabase database)
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        try
        {
            return new BatchInsert(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes the rows in one transaction.</summary>
    /// <param name="rows">The rows, in order.</param>
    /// <exception cref="SqliteException">SQLite refused a row or the commit; nothing of the batch is kept.</exception>
    public void Write(IReadOnlyList<PendingActivationRow> rows)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var row in rows)
        {
            switch (row.Kind)
            {
                case PendingRowKind.Record:
                    Run(storeRecord, row, withBody: true);
                    break;
                case PendingRowKind.Overdue:
                    Run(storeIfAbsent, row, withBody: true);
                    break;
                default:
                    Run(forget, row, withBody: false);
                    break;
            }
        }

        transaction.Commit();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in new[] { storeRecord, storeIfAbsent, forget })
        {
            statement.Dispose();
        }

        await connection.DisposeAsync();
    }

    private void Run(sqlite3_stmt statement, PendingActivationRow row, bool withBody)
    {
        try
        {
            Check(BindText(statement, 1, row.Namespace));
            Check(BindText(statement, 2, row.ActivationId));
            Check(raw.sqlite3_bind_int64(statement, 4, row.Start));
            if (withBody)
            {
                Check(BindText(statement, 3, row.Path));
                Check(raw.sqlite3_bind_text(statement, 5, row.Body));
            }

            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(result, connection.Handle);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }

    // SQLite copies bound text (SQLITE_TRANSIENT), so the stack's bytes may go once the call returns. Empty text is
    // bound as a string: an empty span would bind NULL.
    private static int BindText(sqlite3_stmt statement, int index, string value)
    {
        if (value.Length is 0 or > StackCharacters)
        {
            return raw.sqlite3_bind_text(statement, index, value);
        }

        Span<byte> bytes = stackalloc byte[StackCharacters * 3];
        var length = Encoding.UTF8.GetBytes(value, bytes);
        return raw.sqlite3_bind_text(statement, index, bytes[..length]);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var result = raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement);
        if (result != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }

        return statement ?? throw new InvalidOperationException("SQLite prepared no statement for: " + sql);
    }
}
