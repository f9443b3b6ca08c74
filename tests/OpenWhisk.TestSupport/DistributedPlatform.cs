using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenWhisk.KafkaMockCluster;

namespace OpenWhisk.TestSupport;

/// <summary>
/// A controller and several invokers, each its own process, talking over Kafka (librdkafka's mock cluster in this
/// test process, or <c>OW_TEST_KAFKA_BOOTSTRAP</c>), sharing one SQLite file, running real Docker containers.
/// </summary>
public sealed class DistributedPlatform : IAsyncDisposable
{
    private readonly string run = "d" + Guid.NewGuid().ToString("N")[..6];
    private readonly string data;
    private readonly KafkaCluster kafka = new();
    private readonly List<ServiceProcess?> invokers = [];
    private readonly List<ServiceProcess> moreControllers = [];
    private IReadOnlyDictionary<string, string> invokerSettings = new Dictionary<string, string>();
    private IReadOnlyDictionary<string, string> sharedSettings = new Dictionary<string, string>();
    private ServiceProcess? controller;

    private DistributedPlatform()
    {
        data = Path.Combine(Path.GetTempPath(), "ow-" + run);
        Directory.CreateDirectory(data);
    }

    public ServiceProcess Controller => controller ?? throw new InvalidOperationException("Not started.");

    public MockCluster? Mock => kafka.Mock;

    /// <summary>Gets the invoker's unique name, which is also part of its containers' owner label.</summary>
    public string UniqueName(int instance) => run + "i" + instance.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the owner label of the invoker's containers.</summary>
    public string Owner(int instance) => "wsk" + UniqueName(instance) + instance.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the controller and <paramref name="invokerCount"/> invokers.</summary>
    /// <param name="invokerCount">How many invokers.</param>
    /// <param name="invokerSettings">Settings every invoker gets on top of the defaults (for example another container factory).</param>
    /// <param name="sharedSettings">Settings the controller and every invoker get (for example another activation store).</param>
    public static async Task<DistributedPlatform> StartAsync(
        int invokerCount, IReadOnlyDictionary<string, string>? invokerSettings = null, IReadOnlyDictionary<string, string>? sharedSettings = null)
    {
        var platform = new DistributedPlatform();
        platform.invokerSettings = invokerSettings ?? platform.invokerSettings;
        platform.sharedSettings = sharedSettings ?? platform.sharedSettings;
        try
        {
            foreach (var topic in Enumerable.Range(0, invokerCount).Select(i => "invoker" + i).Append("completed0").Append("health").Append("controllers"))
            {
                platform.kafka.Mock?.CreateTopic(topic);
            }

            platform.controller = await ServiceProcess.StartAsync("Controller", ["--role", "controller"], platform.ControllerSettings("0"), platform.data);
            for (var instance = 0; instance < invokerCount; instance++)
            {
                platform.invokers.Add(null);
                await platform.StartInvokerAsync(instance);
            }

            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client() => ServiceProcess.ApiClient(Controller.BaseAddress);

    /// <summary>Starts another controller (instance 1, 2, …) on the same bus, store and invokers.</summary>
    public async Task<ServiceProcess> StartControllerAsync(int instance)
    {
        var id = instance.ToString(CultureInfo.InvariantCulture);
        kafka.Mock?.CreateTopic("completed" + id);
        var another = await ServiceProcess.StartAsync("Controller", ["--role", "controller"], ControllerSettings(id), data);
        moreControllers.Add(another);
        return another;
    }

    private Dictionary<string, string> ControllerSettings(string instance) => Settings(new()
    {
        ["Controller:InstanceId"] = instance,
        ["Controller:BootstrapDefaultIdentities"] = "true",
        ["Limits:InvocationsPerMinute"] = "10000",
        ["Limits:ConcurrentInvocations"] = "500",
        ["Kafka:LoadBalancer:PublishTimeoutMs"] = "1500",
    });

    public async Task StartInvokerAsync(int instance)
    {
        if (invokers[instance] is { } existing)
        {
            await existing.StartAsync();
            return;
        }

        var settings = new Dictionary<string, string>
        {
            ["Invoker:UniqueName"] = UniqueName(instance),
            ["Invoker:Pool:UserMemoryMb"] = "2048",
            ["Api:Host"] = Controller.BaseAddress.ToString().TrimEnd('/'),
        };
        foreach (var (key, value) in invokerSettings)
        {
            settings[key] = value;
        }

        invokers[instance] = await ServiceProcess.StartAsync("Invoker", ["--id", instance.ToString(CultureInfo.InvariantCulture)], Settings(settings), data);
    }

    /// <summary>A client for one running invoker's own routes, with the invoker's basic-auth credentials.</summary>
    public HttpClient InvokerClient(int instance) => ServiceProcess.ApiClient(invokers[instance]!.BaseAddress, "invoker.user:invoker.pass");

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) an invoker process: a stall, not a death.</summary>
    public Task SignalInvokerAsync(int instance, string signal) => invokers[instance]!.SignalAsync(signal);

    public Task KillInvokerAsync(int instance) => invokers[instance]!.KillAsync();

    /// <summary>Reads <c>GET /invokers</c>: the state of every invoker the controller knows.</summary>
    public async Task<Dictionary<string, string>> InvokersAsync()
    {
        using var client = Client();
        var (_, body) = await client.SendJsonAsync(HttpMethod.Get, "/invokers");
        return body.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public async Task<string> StateOfAsync(int instance)
    {
        var key = "invoker" + instance.ToString(CultureInfo.InvariantCulture) + "/" + UniqueName(instance);
        return (await InvokersAsync()).TryGetValue(key, out var state) ? state : "unknown";
    }

    /// <summary>Waits until the invoker has the state, and returns how long that took.</summary>
    public async Task<TimeSpan> WaitForStateAsync(int instance, string state, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await StateOfAsync(instance) == state)
            {
                return clock.Elapsed;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"invoker{instance} did not become {state} within {timeout}: {JsonSerializer.Serialize(await InvokersAsync())}");
        return clock.Elapsed;
    }

    /// <summary>The owner label of a container, found by its host name (what an action sees as its host).</summary>
    public static async Task<string> OwnerOfContainerAsync(string hostName)
    {
        using var inspect = Process.Start(new ProcessStartInfo("docker", ["inspect", "-f", "{{index .Config.Labels \"net.openwhisk.owner\"}}", hostName])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var owner = await inspect.StandardOutput.ReadToEndAsync();
        await inspect.WaitForExitAsync();
        return owner.Trim();
    }

    /// <summary>Reads every running invoker's <c>/pool</c> (its containers and the messages it has in hand).</summary>
    public async Task<string> PoolsAsync()
    {
        var pools = new List<string>();
        foreach (var invoker in invokers.Where(i => i is { IsRunning: true }))
        {
            using var client = ServiceProcess.ApiClient(invoker!.BaseAddress, "invoker.user:invoker.pass");
            var (status, body) = await client.SendJsonAsync(HttpMethod.Get, "/pool");
            pools.Add($"{status} {body}");
        }

        return string.Join(Environment.NewLine, pools);
    }

    /// <summary>The log lines that tell how the platform saw the run: invoker state changes and replaced consumers.</summary>
    public string Events() => string.Join(
        Environment.NewLine,
        Logs().Split('\n').Where(line => line.Contains(" is now ", StringComparison.Ordinal) || line.Contains("replacing it", StringComparison.Ordinal)));

    public string Logs() =>
        "--- controller ---\n" + controller?.Output + string.Concat(invokers.Select((p, i) => $"--- invoker{i} ---\n{p?.Output}"));

    public async ValueTask DisposeAsync()
    {
        // Each step on its own: one process that fails to stop must not leave the others (and the broker) running.
        var failures = new List<Exception>();
        foreach (var service in invokers.Append(controller).Concat(moreControllers))
        {
            if (service is not null)
            {
                await StepAsync(failures, () => service.DisposeAsync().AsTask());
            }
        }

        for (var instance = 0; instance < invokers.Count; instance++)
        {
            var owner = Owner(instance);
            await StepAsync(failures, () => RemoveContainersAsync(owner));
        }

        kafka.Dispose();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("The distributed platform did not stop cleanly.", failures);
        }
    }

    private static async Task StepAsync(List<Exception> failures, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception exception)
        {
            failures.Add(exception);
            await TestContext.Out.WriteLineAsync("cleanup step failed: " + exception.Message);
        }
    }

    private static async Task RemoveContainersAsync(string owner)
    {
        using var list = Process.Start(new ProcessStartInfo("docker", ["ps", "-aq", "--filter", "label=net.openwhisk.owner=" + owner]) { RedirectStandardOutput = true })!;
        var ids = (await list.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await list.WaitForExitAsync();
        if (ids.Length > 0)
        {
            using var remove = Process.Start(new ProcessStartInfo("docker", ["rm", "-f", .. ids]) { RedirectStandardOutput = true })!;
            await remove.WaitForExitAsync();
        }
    }

    private Dictionary<string, string> Settings(Dictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Kafka:FetchWaitMaxMs"] = "10",
            ["Kafka:SessionTimeoutMs"] = "2000",
            ["Kafka:HeartbeatIntervalMs"] = "200",
            ["Kafka:MaxPollIntervalMs"] = "10000",
            ["Kafka:RejoinTimeoutMs"] = "8000",
            ["Stores:Sqlite:Path"] = Path.Combine(data, "openwhisk.db"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:OpenWhisk.Plugins.Kafka.Balancing"] = "Information",
            ["Logging:LogLevel:OpenWhisk.Invoker"] = "Information",
            ["Logging:LogLevel:OpenWhisk.Plugins.Kafka"] = "Debug",
        };
        foreach (var (key, value) in extra.Concat(sharedSettings))
        {
            settings[key] = value;
        }

        return settings;
    }
}
