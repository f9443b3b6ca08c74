using Microsoft.Data.Sqlite;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>Maps SQLite failures to the store SPI's exceptions.</summary>
internal static class SqliteErrors
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Constraint = 19;

    public static bool IsConstraint(SqliteException exception) => exception.SqliteErrorCode == Constraint;

    public static Exception Map(SqliteException exception) => exception.SqliteErrorCode switch
    {
        Busy or Locked => new StoreUnavailableException("The database is busy; try again.", exception),
        Constraint => new DocumentConflictException("Concurrent modification to resource detected.", exception),
        _ => new StoreUnavailableException("The database failed: " + exception.Message, exception),
    };
}
