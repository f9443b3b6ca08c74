using System.Text.Json;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.TestSupport;

/// <summary>Builds actions and activation jobs for pool tests.</summary>
public static class Jobs
{
    private static int counter;

    public static WhiskAction Action(
        string name,
        int memoryMb = 256,
        int concurrency = 1,
        int timeoutMs = 60_000,
        string kind = "nodejs:20",
        string code = "function main(args) { return args; }",
        string? image = null,
        SemVer? version = null,
        int logsMb = 10) => new()
    {
        Namespace = "guest",
        Name = name,
        Version = version ?? SemVer.Initial,
        Exec = new ActionExec { Kind = kind, Code = code, Image = image },
        Limits = new ActionLimits { MemoryMb = memoryMb, Concurrency = concurrency, TimeoutMs = timeoutMs, LogsMb = logsMb },
        Updated = 1,
    };

    /// <summary>A job for <paramref name="action"/>; <paramref name="simulate"/> becomes the run's <c>simulate</c> parameter.</summary>
    public static ActivationJob Job(
        WhiskAction action,
        object? simulate = null,
        string invocationNamespace = "guest",
        bool blocking = true,
        TimeProvider? time = null,
        object? parameters = null)
    {
        var content = new Dictionary<string, object?>();
        if (parameters is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(parameters).EnumerateObject())
            {
                content[property.Name] = property.Value;
            }
        }

        if (simulate is not null)
        {
            content["simulate"] = simulate;
        }

        var id = Interlocked.Increment(ref counter).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        var message = new ActivationMessage
        {
            TransactionId = new TransactionId("tid" + id[^6..], now),
            Action = ActionReference.For(action),
            Revision = "1-" + action.Version,
            User = new Identity
            {
                Subject = invocationNamespace,
                Namespace = new NamespaceInfo(invocationNamespace, Guid.NewGuid().ToString()),
                AuthKey = new AuthKey("uuid:key"),
            },
            ActivationId = id,
            RootControllerIndex = new ControllerInstanceId("0"),
            Blocking = blocking,
            Content = JsonSerializer.SerializeToElement(content),
        };
        return new ActivationJob(action, message);
    }
}
