using System.Diagnostics.Metrics;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>
/// The controller's balancer metrics (meter <c>OpenWhisk.Controller</c>), observed when collected: activations in
/// flight per balancer and per target, and each invoker's health state as the balancers see it.
/// </summary>
public sealed class ControllerMetrics
{
    private static readonly InvokerState[] States = Enum.GetValues<InvokerState>();
    private readonly LoadBalancerHost balancers;
    private readonly CachedSnapshot<IReadOnlyList<(string Balancer, InvokerHealth Health)>> health;

    /// <summary>Initializes a new instance of the <see cref="ControllerMetrics"/> class and creates its instruments.</summary>
    /// <param name="balancers">The running balancers.</param>
    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="timeProvider">The clock of the health table's age.</param>
    public ControllerMetrics(LoadBalancerHost balancers, IMeterFactory meterFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        this.balancers = balancers;
        health = new CachedSnapshot<IReadOnlyList<(string, InvokerHealth)>>(HealthAsync, timeProvider);
        var meter = meterFactory.Create(MeterNames.Controller);
        meter.CreateObservableGauge("openwhisk_loadbalancer_activations_in_flight", ObserveInFlight, description: "Activations a balancer published and has not seen complete, per target (invoker or container host).");
        meter.CreateObservableGauge("openwhisk_invoker_health", ObserveHealth, description: "1 for the state each invoker is in (healthy, unhealthy, unresponsive, offline), 0 for the others.");
    }

    private IEnumerable<Measurement<int>> ObserveInFlight()
    {
        foreach (var balancer in balancers.Balancers)
        {
            foreach (var group in balancer.GetActiveActivations().GroupBy(a => a.Target, StringComparer.Ordinal))
            {
                yield return new Measurement<int>(
                    group.Count(), new KeyValuePair<string, object?>("balancer", balancer.Name), new KeyValuePair<string, object?>("target", group.Key));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveHealth()
    {
        foreach (var (balancer, invoker) in health.Get() ?? [])
        {
            foreach (var state in States)
            {
                yield return new Measurement<int>(
                    invoker.State == state ? 1 : 0,
                    new KeyValuePair<string, object?>("balancer", balancer),
                    new KeyValuePair<string, object?>("invoker", invoker.Id.Topic),
                    new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));
            }
        }
    }

    private async Task<IReadOnlyList<(string Balancer, InvokerHealth Health)>?> HealthAsync()
    {
        var all = new List<(string, InvokerHealth)>();
        foreach (var balancer in balancers.Balancers)
        {
            foreach (var invoker in await balancer.GetInvokerHealthAsync(CancellationToken.None))
            {
                all.Add((balancer.Name, invoker));
            }
        }

        return all;
    }
}
