
namespace OpenWhisk.Plugins.Postgres.Tests;

/// <summary>Two standalone controllers sharing one private PostgreSQL database, for tests of what they share.</summary>
internal static class TwoControllers
{
    /// <summary>Starts the database and both controllers (with <paramref name="settings"/>), runs <paramref name="test"/>, removes them.</summary>
    public static async Task RunAsync(IReadOnlyDictionary<string, string> settings, Func<StandaloneProcess, StandaloneProcess, Task> test)
    {
        DockerRequirement.Require();
        PostgresServer.Shared();
        var server = await PostgresServer.StartPrivateAsync();
        try
        {
            var shared = new Dictionary<string, string>(settings)
            {
                ["Spi:ArtifactStore"] = "postgres",
                ["Spi:ActivationStore"] = "postgres",
                ["ConnectionStrings:Postgres"] = server.ConnectionString,
            };
            await using var first = await StandaloneProcess.StartAsync(shared);
            await using var second = await StandaloneProcess.StartAsync(shared);
            await test(first, second);
        }
        finally
        {
            await server.RemoveAsync();
        }
    }
}
