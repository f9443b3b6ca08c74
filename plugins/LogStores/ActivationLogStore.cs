using System.Globalization;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// The default log store (name <c>activation</c>): reads each activation's lines from its container up to the
/// proxy's sentinels and keeps them in the activation record as <c>"&lt;time&gt; &lt;stream&gt;: &lt;line&gt;"</c>,
/// appending OpenWhisk's notices when logs were truncated, incomplete or the action failed. Activations that share
/// a container (intra-container concurrency) cannot tell their lines apart by the sentinels: their logs are read
/// without waiting for sentinels, marked best-effort, and an incomplete read does not condemn the container.
/// Containers keep their logs in the engine's rotated <c>json-file</c> (see <see cref="JsonFileLogOptions"/>).
/// </summary>
public sealed class ActivationLogStore : ILogStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "activation";

    private readonly TimeProvider timeProvider;

    /// <summary>Initializes a new instance of the <see cref="ActivationLogStore"/> class with the default rotation.</summary>
    /// <param name="timeProvider">The clock of notices.</param>
    public ActivationLogStore(TimeProvider timeProvider)
        : this(timeProvider, Options.Create(new JsonFileLogOptions()))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ActivationLogStore"/> class.</summary>
    /// <param name="timeProvider">The clock of notices.</param>
    /// <param name="options">How containers keep their logs.</param>
    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public ActivationLogStore(TimeProvider timeProvider, IOptions<JsonFileLogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.timeProvider = timeProvider;
        ContainerLogging = options.Value.ToContainerLogging();
    }

    public bool CollectsLogs => true;

    public ContainerLogConfiguration? ContainerLogging { get; }

    public async Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var developerError = context.Activation.Response.StatusCode == ActivationStatus.DeveloperError;
        var shared = context.Action.Limits.Concurrency > 1;
        var limitBytes = context.Action.Limits.LogsMb * 1024L * 1024L;
        var request = new ContainerLogRequest
        {
            LimitBytes = limitBytes,
            WaitForSentinel = !developerError && !shared && !context.Action.Exec.IsBlackbox,
        };

        ContainerLogs logs;
        try
        {
            logs = await context.Container.ReadLogsAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new LogCollectionResult([Notice(ActivationMessages.LogFailure)], Failed: true);
        }

        var lines = new List<string>(logs.Lines.Count + 2);
        lines.AddRange(logs.Lines.Select(line => Format(line.Time, line.Stream, line.Message)));
        var failed = false;
        if (logs.Truncated)
        {
            lines.Add(Notice(ActivationMessages.LogsTruncated(limitBytes)));
            failed = true;
        }
        else if (logs.Incomplete && !developerError && !shared)
        {
            lines.Add(Notice(ActivationMessages.LogFailure));
            failed = true;
        }

        if (shared)
        {
            lines.Add(Notice(ActivationMessages.ConcurrentLogWarning));
        }

        if (developerError)
        {
            lines.Add(Notice(ActivationMessages.DeveloperErrorLogWarning));
        }

        return new LogCollectionResult(lines, failed);
    }

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return Task.FromResult(activation.Logs);
    }

    /// <summary>Formats a line as OpenWhisk does: the time padded to 30 characters, the stream, the text.</summary>
    /// <param name="time">The timestamp.</param>
    /// <param name="stream"><c>stdout</c> or <c>stderr</c>.</param>
    /// <param name="message">The text.</param>
    /// <returns>The formatted line.</returns>
    public static string Format(string time, string stream, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{time,-30} {stream}: {message}");

    private string Notice(string message) =>
        Format(timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), "stderr", message);
}
