namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// A fixture on one real standalone platform (a separate process with Docker containers), started once for its tests
/// with the throttles raised, the guest's client, and a client for a second namespace when the fixture names one.
/// </summary>
public abstract class StandaloneFixture
{
    private HttpClient? other;

    internal StandaloneProcess Platform { get; private set; } = null!;

    internal HttpClient Guest { get; private set; } = null!;

    /// <summary>Gets a client without a key that neither follows redirects nor keeps cookies (a browser's view of web actions).</summary>
    internal HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Gets the client of the second namespace (<see cref="OtherKey"/>).</summary>
    internal HttpClient Other => other ?? throw new InvalidOperationException("The fixture has no second namespace.");

    /// <summary>Gets the key of a second namespace, <c>other</c>, or null for none.</summary>
    protected virtual string? OtherKey => null;

    /// <summary>Gets settings of the fixture's own, over the raised throttles.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    [OneTimeSetUp]
    public async Task StartPlatformAsync()
    {
        DockerRequirement.Require();
        var settings = new Dictionary<string, string>
        {
            ["Limits:InvocationsPerMinute"] = "100000",
            ["Limits:ConcurrentInvocations"] = "200",
        };
        if (OtherKey is { } key)
        {
            settings["Identities:0:Subject"] = "other";
            settings["Identities:0:Key"] = key;
        }

        foreach (var (name, value) in Settings)
        {
            settings[name] = value;
        }

        Platform = await StandaloneProcess.StartAsync(settings);
        Guest = Platform.Client();
        Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Platform.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (OtherKey is not null)
        {
            other = Platform.Client(OtherKey);
        }

        await OnStartedAsync();
    }

    [OneTimeTearDown]
    public async Task StopPlatformAsync()
    {
        Guest?.Dispose();
        Anonymous?.Dispose();
        other?.Dispose();
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }

    /// <summary>Prepares what every test of the fixture needs, once the platform runs.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;
}
