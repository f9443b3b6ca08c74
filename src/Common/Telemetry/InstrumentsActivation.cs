using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OpenWhisk.Common.Telemetry;

/// <summary>Creates a singleton that holds observable instruments when the host starts, so its series exist before anything asks for it.</summary>
public static class InstrumentsActivation
{
    /// <summary>Registers <typeparamref name="T"/> as a singleton built at startup.</summary>
    /// <typeparam name="T">The class that creates the instruments in its constructor.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddInstruments<T>(this IServiceCollection services)
        where T : class
    {
        services.AddSingleton<T>();
        services.AddHostedService<Activator<T>>();
        return services;
    }

    private sealed class Activator<T>(T instruments) : IHostedService
        where T : class
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(instruments);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
