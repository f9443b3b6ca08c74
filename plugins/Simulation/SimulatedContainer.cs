using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Simulation;

/// <summary>
/// A container that pretends to run the action proxy. Behaviour is chosen per activation by a
/// <c>"simulate"</c> parameter: <c>{"durationMs": 200, "outcome": "success|error|crash|exit|hang|oom|unhealthy|invalid",
/// "result": {...}, "logs": ["line", ...]}</c>; and per action by markers in its code:
/// <c>sim:init-fails</c>, <c>sim:init-hangs</c>, <c>sim:init-exits</c>.
/// </summary>
public sealed class SimulatedContainer : IContainer
{
    private readonly SimulatedContainerFactory factory;
    private readonly SimulationOptions options;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly List<(ContainerLogLine Line, bool Sentinel)> pendingLogs = [];
    private readonly List<string> activationIds = [];
    private int runCount;
    private int activeRuns;
    private int maxActiveRuns;

    internal SimulatedContainer(string id, ContainerRequest request, SimulatedContainerFactory factory, SimulationOptions options, TimeProvider time)
    {
        Id = id;
        Request = request;
        this.factory = factory;
        this.options = options;
        this.time = time;
    }

    public string Id { get; }

    public ContainerAddress Address { get; } = new("127.0.0.1", 0);

    /// <summary>Gets what the container was created with.</summary>
    public ContainerRequest Request { get; }

    /// <summary>Gets whether <c>/init</c> succeeded.</summary>
    public bool Initialized { get; private set; }

    /// <summary>Gets whether the container is paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>Gets whether the container was removed.</summary>
    public bool Destroyed { get; private set; }

    /// <summary>Gets whether the proxy process is gone (it exited, crashed out of memory, or the container was removed).</summary>
    public bool Dead { get; private set; }

    /// <summary>Gets the number of <c>/run</c> calls answered.</summary>
    public int RunCount => Volatile.Read(ref runCount);

    /// <summary>Gets the most <c>/run</c> calls that were in flight at once.</summary>
    public int MaxConcurrentRuns => Volatile.Read(ref maxActiveRuns);

    /// <summary>Gets the ids of the activations that reached <c>/run</c>, in order.</summary>
    public IReadOnlyList<string> ActivationIds
    {
        get
        {
            lock (gate)
            {
                return activationIds.ToList();
            }
        }
    }

    /// <summary>Gets the environment the last <c>/init</c> passed.</summary>
    public IReadOnlyDictionary<string, string> InitEnvironment { get; private set; } = new Dictionary<string, string>();

    /// <summary>Gets the body of the last <c>/run</c>.</summary>
    public string? LastRunBody { get; private set; }

    public async Task<ContainerCallResult> InitializeAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = time.GetUtcNow();
        if (Dead || Paused)
        {
            return await NoAnswerAsync(start, options.Timeout, Dead ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.Timeout, cancellationToken);
        }

        using var document = JsonDocument.Parse(body);
        var value = document.RootElement.GetProperty("value");
        var code = value.TryGetProperty("code", out var codeElement) ? codeElement.GetString() ?? string.Empty : string.Empty;
        await Task.Delay(this.options.InitLatency, time, cancellationToken);

        if (Initialized)
        {
            return Respond(start, 403, "{\"error\":\"Cannot initialize the action more than once.\"}");
        }

        if (code.Contains("sim:init-hangs", StringComparison.Ordinal))
        {
            return await NoAnswerAsync(start, options.Timeout, ContainerCallFailure.Timeout, cancellationToken);
        }

        if (code.Contains("sim:init-exits", StringComparison.Ordinal))
        {
            Dead = true;
            return ContainerCallResult.Failed(start, time.GetUtcNow(), ContainerCallFailure.NoResponse, "the proxy exited");
        }

        if (code.Contains("sim:init-fails", StringComparison.Ordinal))
        {
            WriteLogs(["init failed"], sentinel: true);
            return Respond(start, 502, "{\"error\":\"Initialization has failed due to: simulated init failure\"}");
        }

        InitEnvironment = value.TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty)
            : new Dictionary<string, string>();
        Initialized = true;
        factory.Record(this, SimulatedContainerEventKind.Initialized);
        return Respond(start, 200, "{\"OK\":true}");
    }

    public async Task<ContainerCallResult> RunAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var start = time.GetUtcNow();
        if (Dead || Paused)
        {
            return await NoAnswerAsync(start, options.Timeout, Dead ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.Timeout, cancellationToken);
        }

        var active = Interlocked.Increment(ref activeRuns);
        InterlockedMax(ref maxActiveRuns, active);
        try
        {
            return await RunCoreAsync(body, options, start, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref activeRuns);
        }
    }

    /// <summary>Makes the proxy process die, as if killed from outside; the next call fails to connect.</summary>
    public void Kill() => Dead = true;

    public async Task SuspendAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(options.PauseLatency, time, cancellationToken);
        Paused = true;
        factory.Record(this, SimulatedContainerEventKind.Paused);
    }

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(options.ResumeLatency, time, cancellationToken);
        if (Destroyed)
        {
            throw new InvalidOperationException($"Container {Id} is gone.");
        }

        Paused = false;
        factory.Record(this, SimulatedContainerEventKind.Resumed);
    }

    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        if (Destroyed)
        {
            return;
        }

        await Task.Delay(options.DestroyLatency, time, cancellationToken);
        Destroyed = true;
        Dead = true;
        Paused = false;
        factory.Record(this, SimulatedContainerEventKind.Destroyed);
    }

    public Task<ContainerLogs> ReadLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (gate)
        {
            var lines = new List<ContainerLogLine>();
            var bytes = 0L;
            var truncated = false;
            var sentinels = 0;
            var consumed = 0;
            foreach (var (line, sentinel) in pendingLogs)
            {
                consumed++;
                if (sentinel)
                {
                    if (++sentinels == 2 && request.WaitForSentinel)
                    {
                        break;
                    }

                    continue;
                }

                bytes += Encoding.UTF8.GetByteCount(line.Message) + 1;
                if (bytes > request.LimitBytes)
                {
                    truncated = true;
                    continue;
                }

                lines.Add(line);
            }

            pendingLogs.RemoveRange(0, consumed);
            var incomplete = request.WaitForSentinel && sentinels < 2;
            return Task.FromResult(new ContainerLogs(lines, truncated, incomplete));
        }
    }

    private async Task<ContainerCallResult> RunCoreAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, DateTimeOffset start, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(body);
        LastRunBody = Encoding.UTF8.GetString(body.Span);
        if (document.RootElement.TryGetProperty("activation_id", out var activationId))
        {
            lock (gate)
            {
                activationIds.Add(activationId.GetString()!);
            }
        }

        var value = document.RootElement.GetProperty("value");
        var spec = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("simulate", out var s) ? s : default;
        var outcome = Text(spec, "outcome") ?? "success";
        var duration = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("durationMs", out var d)
            ? TimeSpan.FromMilliseconds(d.GetDouble())
            : this.options.RunLatency;
        var logs = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("logs", out var l)
            ? l.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList()
            : [];

        if (outcome == "hang" || duration >= options.Timeout)
        {
            WriteLogs(logs, sentinel: false);
            return await NoAnswerAsync(start, options.Timeout, ContainerCallFailure.Timeout, cancellationToken);
        }

        await Task.Delay(duration, time, cancellationToken);
        Interlocked.Increment(ref runCount);
        factory.Record(this, SimulatedContainerEventKind.Ran);
        switch (outcome)
        {
            case "exit":
                WriteLogs(logs, sentinel: false);
                Dead = true;
                return ContainerCallResult.Failed(start, time.GetUtcNow(), ContainerCallFailure.NoResponse, "the proxy exited");
            case "oom":
                Dead = true;
                return ContainerCallResult.Failed(start, time.GetUtcNow(), ContainerCallFailure.MemoryExhausted, "killed out of memory");
            case "unhealthy":
                return Respond(start, 503, "{\"error\":\"shutting down\"}");
            case "crash":
                WriteLogs(logs, sentinel: true);
                return Respond(start, 502, "{\"error\":\"An error has occurred: simulated crash\"}");
            case "error":
                WriteLogs(logs, sentinel: true);
                return Respond(start, 200, "{\"error\":\"simulated application error\"}");
            case "invalid":
                WriteLogs(logs, sentinel: true);
                return Respond(start, 200, "not json");
            default:
                WriteLogs(logs, sentinel: true);
                return Respond(start, 200, Result(value, spec));
        }
    }

    private static string Result(JsonElement value, JsonElement spec)
    {
        if (spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("result", out var result))
        {
            return result.GetRawText();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return value.GetRawText();
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var property in value.EnumerateObject().Where(p => p.Name != "simulate"))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void WriteLogs(IEnumerable<string> lines, bool sentinel)
    {
        if (!options.RecordEvents && !sentinel)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        lock (gate)
        {
            if (options.RecordEvents)
            {
                pendingLogs.AddRange(lines.Select(line => (new ContainerLogLine(now, "stdout", line), false)));
            }

            if (sentinel)
            {
                pendingLogs.Add((new ContainerLogLine(now, "stdout", ActionProxyProtocol.LogSentinel), true));
                pendingLogs.Add((new ContainerLogLine(now, "stderr", ActionProxyProtocol.LogSentinel), true));
            }
        }
    }

    private ContainerCallResult Respond(DateTimeOffset start, int status, string body) =>
        ContainerCallResult.Responded(start, time.GetUtcNow(), status, body);

    private async Task<ContainerCallResult> NoAnswerAsync(DateTimeOffset start, TimeSpan timeout, ContainerCallFailure failure, CancellationToken cancellationToken)
    {
        if (failure == ContainerCallFailure.Timeout)
        {
            await Task.Delay(timeout, time, cancellationToken);
        }

        return ContainerCallResult.Failed(start, time.GetUtcNow(), failure);
    }

    private static string? Text(JsonElement spec, string name) =>
        spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
