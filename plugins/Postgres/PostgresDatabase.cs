using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenWhisk.Spi.Stores;
using Polly;
using Polly.Retry;

namespace OpenWhisk.Plugins.Postgres;

/// <summary>
/// The database both PostgreSQL stores share: one pooled data source, the schema created and migrated once
/// (versioned, under an advisory lock so that processes starting together do not race), transient failures retried,
/// and outages reported as <see cref="StoreUnavailableException"/> (the API answers 503).
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE ow_entities (
            doc_id text PRIMARY KEY,
            entity_type text NOT NULL,
            namespace text NOT NULL,
            root_namespace text NOT NULL,
            name text NOT NULL,
            updated bigint NOT NULL,
            revision text NOT NULL,
            body jsonb NOT NULL);
        CREATE INDEX ow_entities_by_namespace ON ow_entities (entity_type, namespace, updated DESC);
        CREATE INDEX ow_entities_by_root ON ow_entities (entity_type, root_namespace, updated DESC);
        CREATE TABLE ow_subjects (
            subject text PRIMARY KEY,
            revision text NOT NULL,
            body jsonb NOT NULL);
        CREATE TABLE ow_subject_keys (
            uuid text PRIMARY KEY,
            namespace text NOT NULL UNIQUE,
            subject text NOT NULL REFERENCES ow_subjects (subject) ON DELETE CASCADE);
        CREATE TABLE ow_activations (
            namespace text NOT NULL,
            activation_id text NOT NULL,
            path text NOT NULL,
            start bigint NOT NULL,
            body jsonb NOT NULL,
            PRIMARY KEY (namespace, activation_id));
        CREATE INDEX ow_activations_by_start ON ow_activations (namespace, start DESC);
        CREATE INDEX ow_activations_by_path ON ow_activations (namespace, path, start DESC);
        """,
        """
        CREATE TABLE ow_accepted_activations (
            namespace text NOT NULL,
            activation_id text NOT NULL,
            controller text NOT NULL,
            deadline bigint NOT NULL,
            fallback jsonb NOT NULL,
            PRIMARY KEY (namespace, activation_id));
        CREATE INDEX ow_accepted_by_deadline ON ow_accepted_activations (deadline);
        """,
    ];

    private readonly NpgsqlDataSource dataSource;
    private readonly ResiliencePipeline retry;
    private readonly ILogger logger;
    private readonly SemaphoreSlim migrating = new(1, 1);
    private volatile bool migrated;

    public PostgresDatabase(IConfiguration configuration, IOptions<PostgresOptions> options, TimeProvider timeProvider, ILogger<PostgresDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = configuration.GetConnectionString("Postgres");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The postgres stores need ConnectionStrings:Postgres (ConnectionStrings__Postgres in the environment).");
        }

        dataSource = NpgsqlDataSource.Create(connectionString);
        this.logger = logger;
        retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(e => e.IsTransient).Handle<TimeoutException>(),
                MaxRetryAttempts = Math.Max(1, options.Value.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.Value.RetryDelay,
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>Runs <paramref name="work"/> on a pooled connection, retrying transient failures.</summary>
    /// <exception cref="StoreUnavailableException">The database cannot be reached, or failed.</exception>
    /// <exception cref="DocumentConflictException">A unique constraint was violated.</exception>
    /// <exception cref="DocumentRefusedException">The document holds what PostgreSQL cannot store.</exception>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await retry.ExecuteAsync(
                async token =>
                {
                    await EnsureSchemaAsync(token);
                    await using var connection = await dataSource.OpenConnectionAsync(token);
                    return await work(connection, token);
                },
                cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DocumentConflictException("resource already exists", exception);
        }
        catch (PostgresException exception) when (IsRefusal(exception.SqlState))
        {
            throw new DocumentRefusedException("PostgreSQL cannot hold this document: " + exception.MessageText, exception);
        }
        catch (NpgsqlException exception)
        {
            LogUnavailable(logger, exception.Message);
            throw new StoreUnavailableException("The PostgreSQL database is not available: " + exception.Message, exception);
        }
        catch (TimeoutException exception)
        {
            throw new StoreUnavailableException("The PostgreSQL database did not answer in time.", exception);
        }
    }

    /// <summary>Data exceptions (class 22: a NUL character or lone surrogate in JSONB, bad text) and program limits (class 54: nesting, sizes).</summary>
    private static bool IsRefusal(string sqlState) => sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("54", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await dataSource.DisposeAsync();
        migrating.Dispose();
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (migrated)
        {
            return;
        }

        await migrating.WaitAsync(cancellationToken);
        try
        {
            if (migrated)
            {
                return;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = new NpgsqlCommand(
                "SELECT pg_advisory_xact_lock(20260417); CREATE TABLE IF NOT EXISTS ow_schema_version (version integer NOT NULL);",
                connection,
                transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            int version;
            await using (var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM ow_schema_version", connection, transaction))
            {
                version = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
            }

            for (var next = version; next < Migrations.Length; next++)
            {
                await using var migrate = new NpgsqlCommand(Migrations[next] + $"\nINSERT INTO ow_schema_version VALUES ({next + 1});", connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                LogMigrated(logger, next + 1);
            }

            await transaction.CommitAsync(cancellationToken);
            migrated = true;
        }
        finally
        {
            migrating.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not available: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL schema migrated to version {Version}")]
    private static partial void LogMigrated(ILogger logger, int version);
}
