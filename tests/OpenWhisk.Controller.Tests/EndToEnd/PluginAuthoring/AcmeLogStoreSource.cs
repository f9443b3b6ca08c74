namespace OpenWhisk.Controller.Tests.EndToEnd.PluginAuthoring;

/// <summary>
/// What a plugin author writes into the template's log store skeleton: a store that keeps each line prefixed with
/// <c>acme</c> and also appends it to the file named by <c>AcmeLogs:OutputFile</c>.
/// </summary>
internal static class AcmeLogStoreSource
{
    public const string Options = """
        namespace Acme.LogStore;

        /// <summary>Where the store also writes the lines it keeps (section AcmeLogs).</summary>
        public sealed class AcmeLogOptions
        {
            /// <summary>Gets or sets the file the lines are appended to, or null for none.</summary>
            public string? OutputFile { get; set; }
        }
        """;

    public const string Store = """
        using Microsoft.Extensions.Options;
        using OpenWhisk.Spi.Activations;
        using OpenWhisk.Spi.Containers;
        using OpenWhisk.Spi.Logs;

        namespace Acme.LogStore;

        /// <summary>Keeps each line as "acme stream: message" and appends it to the configured file.</summary>
        public sealed class PluginLogStore(IOptions<AcmeLogOptions>? options = null) : ILogStore
        {
            private static readonly SemaphoreSlim FileGate = new(1, 1);

            /// <inheritdoc />
            public bool CollectsLogs => true;

            /// <inheritdoc />
            public async Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken)
            {
                ContainerLogs logs;
                try
                {
                    var request = new ContainerLogRequest { LimitBytes = context.Action.Limits.LogsMb * 1024L * 1024L };
                    logs = await context.Container.ReadLogsAsync(request, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    return new LogCollectionResult(["acme: the logs could not be read"], true);
                }

                var lines = logs.Lines.Select(line => $"acme {line.Stream}: {line.Message}").ToList();
                if (options?.Value.OutputFile is { } file)
                {
                    await FileGate.WaitAsync(cancellationToken);
                    try
                    {
                        await File.AppendAllLinesAsync(file, lines.Select(line => context.Activation.ActivationId + " " + line), cancellationToken);
                    }
                    finally
                    {
                        FileGate.Release();
                    }
                }

                return new LogCollectionResult(lines, logs.Truncated || logs.Incomplete);
            }

            /// <inheritdoc />
            public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
                Task.FromResult(activation.Logs);
        }
        """;
}
