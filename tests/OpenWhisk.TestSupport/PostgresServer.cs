using System.Diagnostics;

namespace OpenWhisk.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use: the one named by <c>OW_TEST_POSTGRES</c> (./test.sh starts a throwaway
/// one), and private throwaway servers that a test may kill and restart (through <c>scripts/postgres.sh</c>).
/// </summary>
public sealed class PostgresServer
{
    public const string Variable = "OW_TEST_POSTGRES";

    private PostgresServer(string directory, int port, string connectionString)
    {
        Directory = directory;
        Port = port;
        ConnectionString = connectionString;
    }

    public string Directory { get; }

    public int Port { get; }

    public string ConnectionString { get; }

    /// <summary>The shared server's connection string; skips outside CI and fails in CI when none is configured.</summary>
    public static string Shared()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{Variable} must name a PostgreSQL server in CI (./test.sh starts one).");
        }

        Assert.Ignore($"{Variable} is not set; ./test.sh starts a throwaway PostgreSQL server for these tests.");
        return string.Empty;
    }

    public static async Task<PostgresServer> StartPrivateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ow-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var port = LoopbackPort.Free();
        var connectionString = (await ScriptAsync("start", directory, port)).Trim();
        return new PostgresServer(directory, port, connectionString);
    }

    public Task KillAsync() => ScriptAsync("kill", Directory);

    public Task StartAgainAsync() => ScriptAsync("start", Directory, Port);

    public Task RemoveAsync() => ScriptAsync("remove", Directory);

    private static async Task<string> ScriptAsync(string command, string directory, int? port = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ServiceProcess.RepositoryRoot(), "scripts", "postgres.sh"));
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(directory);
        if (port is { } p)
        {
            info.ArgumentList.Add(p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"scripts/postgres.sh {command} failed: {await error}");
        return await output;
    }
}
