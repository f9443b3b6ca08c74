using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Stops the sequences and compositions this controller runs before the balancers stop (registered after them, so
/// stopped before them): each one that is running ends with a stored record.
/// </summary>
public sealed class CompositeActivationsDrain(ActivationDispatcher dispatcher, IOptions<ControllerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => dispatcher.DrainAsync(options.Value.ShutdownGrace, cancellationToken);
}
