using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OpenWhisk.Execution;

/// <summary>Registers the activation limits and the host's record storer.</summary>
public static class ActivationRunnerRegistration
{
    /// <summary>Binds <see cref="ActivationRunnerOptions"/> from section <c>Activations</c> and registers the <see cref="ActivationRecordStorer"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddActivationRunnerOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ActivationRunnerOptions>().Bind(configuration.GetSection("Activations")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActivationRecordStorer>();
        return services;
    }
}
