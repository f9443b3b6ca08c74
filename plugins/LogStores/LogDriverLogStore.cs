using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Plugins.LogStores;

/// <summary>
/// The log store for a log pipeline outside the platform (name <c>logdriver</c>, OpenWhisk's
/// <c>LogDriverLogStore</c>): action containers are created with the configured engine log driver (fluentd, gelf,
/// splunk, …), which ships every line with the container's labels; nothing is collected, acknowledgements are not
/// split, and the API answers "Logs are not available.".
/// </summary>
public sealed class LogDriverLogStore(IOptions<LogDriverOptions> options) : ILogStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "logdriver";

    private readonly ContainerLogConfiguration logging = new()
    {
        Driver = string.IsNullOrWhiteSpace(options.Value.Driver)
            ? throw new OptionsValidationException(
                nameof(LogDriverOptions), typeof(LogDriverOptions), ["Logs:LogDriver:Driver names the engine's log driver for Spi:LogStore=logdriver, for example fluentd."])
            : options.Value.Driver,
        Options = new Dictionary<string, string>(options.Value.Options),
    };

    public bool CollectsLogs => false;

    public ContainerLogConfiguration? ContainerLogging => logging;

    public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(LogCollectionResult.None);

    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([ActivationMessages.LogsNotAvailable]);
}
