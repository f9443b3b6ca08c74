namespace OpenWhisk.TestSupport;

/// <summary>
/// The real standalone platform as a separate process (the built <c>OpenWhisk.Standalone.dll</c> with its plugins),
/// on a free loopback port, with its own SQLite file and a container prefix of its own.
/// </summary>
public sealed class StandaloneProcess : IAsyncDisposable
{
    public const string GuestKey = ServiceProcess.GuestKey;
    private readonly ServiceProcess process;

    private StandaloneProcess(ServiceProcess process, string dataDirectory, string owner, IReadOnlyDictionary<string, string> settings)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        Owner = owner;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public int Port => process.Port;

    /// <summary>Gets the unique name of the in-process invoker, part of its containers' prefix.</summary>
    public string Owner { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Uri BaseAddress => process.BaseAddress;

    public string Output => process.Output;

    /// <summary>Gets the resident memory of the platform process in MB (Linux), or 0 when it is not running.</summary>
    public double ResidentMb
    {
        get
        {
            if (process.ProcessId is not { } id)
            {
                return 0;
            }

            var line = File.ReadLines($"/proc/{id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
    }

    public static async Task<StandaloneProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "ow-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var owner = "e2e" + Guid.NewGuid().ToString("N")[..6];
        var all = new Dictionary<string, string>
        {
            ["Stores:Sqlite:Path"] = Path.Combine(data, "openwhisk.db"),
            ["Invoker:UniqueName"] = owner,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        try
        {
            var process = await ServiceProcess.StartAsync("Standalone", [], all, data);
            return new StandaloneProcess(process, data, owner, settings ?? new Dictionary<string, string>());
        }
        catch
        {
            Directory.Delete(data, recursive: true);
            throw;
        }
    }

    public HttpClient Client(string key = GuestKey) => ServiceProcess.ApiClient(BaseAddress, key);

    /// <summary>Stops the process the way Ctrl-C or SIGTERM would.</summary>
    public Task StopAsync() => process.StopAsync();

    public async Task RestartAsync()
    {
        await process.StopAsync();
        await process.StartAsync();
    }

    /// <summary>Kills the process with SIGKILL (no cleanup) and starts it again on the same data.</summary>
    public async Task KillAndStartAgainAsync()
    {
        await process.KillAsync();
        await process.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await process.DisposeAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
