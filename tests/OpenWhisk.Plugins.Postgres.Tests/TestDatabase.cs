using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OpenWhisk.Plugins.Postgres.Tests;

/// <summary>A fresh database on the shared server for one test, dropped afterwards.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;
    private readonly string name;
    private readonly List<PostgresDatabase> opened = [];

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        this.name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = PostgresServer.Shared();
        var name = "owtest_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new TestDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    /// <summary>Opens the stores' database as a new process would.</summary>
    public PostgresDatabase Open()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Postgres", ConnectionString)])
            .Build();
        var database = new PostgresDatabase(configuration, Options.Create(new PostgresOptions()), TimeProvider.System, NullLogger<PostgresDatabase>.Instance);
        opened.Add(database);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in opened)
        {
            await database.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
