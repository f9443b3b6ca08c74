using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// The log store for an external collector (name <c>file</c>): collects like <see cref="ActivationLogStore"/>
/// (the record keeps its logs) and also appends each line as a JSON object
/// (<c>{"time", "stream", "log", "activationId", "action", "namespace"}</c>) followed by the activation record to
/// rolling files <c>userlogs-&lt;epochMs&gt;.log</c>. One writer loop owns the files.
/// </summary>
public sealed class FileLogStore : ILogStore, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "file";

    private readonly ActivationLogStore collector;
    private readonly FileLogStoreOptions options;
    private readonly TimeProvider timeProvider;
    private readonly Channel<(string Text, TaskCompletionSource? Flushed)> pending =
        Channel.CreateUnbounded<(string Text, TaskCompletionSource? Flushed)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writer;

    public FileLogStore(IOptions<FileLogStoreOptions> options, TimeProvider timeProvider)
        : this(options, Options.Create(new JsonFileLogOptions()), timeProvider)
    {
    }

    [Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructor]
    public FileLogStore(IOptions<FileLogStoreOptions> options, IOptions<JsonFileLogOptions> containerLogs, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.timeProvider = timeProvider;
        collector = new ActivationLogStore(timeProvider, containerLogs);
        Directory.CreateDirectory(this.options.Directory);
        writer = WriteLoopAsync();
    }

    public bool CollectsLogs => true;

    public ContainerLogConfiguration? ContainerLogging => collector.ContainerLogging;

    public async Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await collector.CollectAsync(context, cancellationToken);
        var activation = context.Activation;
        var text = new StringBuilder();
        foreach (var line in result.Logs)
        {
            var (time, stream, message) = Split(line);
            text.Append(JsonSerializer.Serialize(
                new LogLine(time, stream, message, activation.ActivationId, context.Action.FullyQualifiedName, activation.Namespace),
                OpenWhiskJson.Options)).Append('\n');
        }

        text.Append(JsonSerializer.Serialize(activation with { Logs = result.Logs }, OpenWhiskJson.Options)).Append('\n');
        pending.Writer.TryWrite((text.ToString(), null));
        return result;
    }

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return Task.FromResult(activation.Logs);
    }

    /// <summary>Waits until everything collected so far is written.</summary>
    /// <returns>A task.</returns>
    public async Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pending.Writer.TryWrite((string.Empty, done));
        await done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await writer;
    }

    private async Task WriteLoopAsync()
    {
        FileStream? file = null;
        try
        {
            var reader = pending.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var chunk))
                {
                    if (chunk.Flushed is { } flushed)
                    {
                        if (file is not null)
                        {
                            await file.FlushAsync();
                        }

                        flushed.TrySetResult();
                        continue;
                    }

                    var bytes = Encoding.UTF8.GetBytes(chunk.Text);
                    if (file is null || file.Length + bytes.Length > options.MaxFileBytes)
                    {
                        if (file is not null)
                        {
                            await file.DisposeAsync();
                        }

                        file = Open();
                    }

                    await file.WriteAsync(bytes);
                }

                if (file is not null)
                {
                    await file.FlushAsync();
                }
            }
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    private FileStream Open()
    {
        var stamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var path = Path.Combine(options.Directory, string.Create(CultureInfo.InvariantCulture, $"userlogs-{stamp}.log"));
        for (var suffix = 1; File.Exists(path); suffix++)
        {
            path = Path.Combine(options.Directory, string.Create(CultureInfo.InvariantCulture, $"userlogs-{stamp}-{suffix}.log"));
        }

        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
    }

    private static (string Time, string Stream, string Message) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var colon = line.IndexOf(": ", space + 1, StringComparison.Ordinal);
        if (space < 0 || colon < 0)
        {
            return (string.Empty, "stdout", line);
        }

        return (line[..space], line[(space + 1)..colon].Trim(), line[(colon + 2)..]);
    }

    private sealed record LogLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("time")] string Time,
        [property: System.Text.Json.Serialization.JsonPropertyName("stream")] string Stream,
        [property: System.Text.Json.Serialization.JsonPropertyName("log")] string Log,
        [property: System.Text.Json.Serialization.JsonPropertyName("activationId")] string ActivationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("action")] string Action,
        [property: System.Text.Json.Serialization.JsonPropertyName("namespace")] string Namespace);
}
