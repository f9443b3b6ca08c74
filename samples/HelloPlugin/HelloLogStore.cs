using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;

namespace HelloPlugin;

/// <summary>
/// A log store (name <c>hello</c>) that reads each activation's lines from its container and keeps them in the
/// activation record with a configurable prefix.
/// </summary>
public sealed class HelloLogStore(IOptions<HelloLogStoreOptions> options) : ILogStore
{
    /// <inheritdoc />
    public bool CollectsLogs => true;

    /// <inheritdoc />
    public async Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = new ContainerLogRequest { LimitBytes = context.Action.Limits.LogsMb * 1024L * 1024L };
        var logs = await context.Container.ReadLogsAsync(request, cancellationToken);
        var lines = logs.Lines.Select(line => $"{options.Value.Prefix}{line.Time} {line.Stream}: {line.Message}").ToList();
        return new LogCollectionResult(lines, logs.Incomplete || logs.Truncated);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        IReadOnlyList<string> lines = activation.Logs.Select(line => line.StartsWith(options.Value.Prefix, StringComparison.Ordinal) ? line : options.Value.Prefix + line).ToList();
        return Task.FromResult(lines);
    }
}
