using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// OpenWhisk's per-namespace throttles: invocations and trigger fires per wall-clock minute (every check counts,
/// rejected ones too) and concurrent invocations in flight over every balancer. Namespace limits override the system's.
/// Each controller counts only what passes through it, so with several controllers each enforces its part of a limit,
/// as OpenWhisk does: the limit with 20 % added for uneven spreading, divided by the live controllers, at least 1.
/// </summary>
/// <param name="limits">The system's limits.</param>
/// <param name="balancers">The balancers, for the activations in flight.</param>
/// <param name="timeProvider">The clock of the minutes.</param>
/// <param name="metrics">Counts the refusals (<c>openwhisk_action_limit_*</c>).</param>
public sealed class InvocationThrottles(IOptions<LimitsOptions> limits, LoadBalancerHost balancers, TimeProvider timeProvider, ActivationMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<string, MinuteCounter> counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MinuteCounter> fires = new(StringComparer.Ordinal);

    /// <summary>Throws 429 when the namespace invoked too often this minute or has too many activations in flight.</summary>
    public void Check(Identity user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var uuid = user.Namespace.Uuid;
        var perMinute = ThisControllersPart(user.Limits.InvocationsPerMinute ?? limits.Value.InvocationsPerMinute);
        var minute = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        var count = counters.GetOrAdd(uuid, _ => new MinuteCounter()).Increment(minute);
        if (count > perMinute)
        {
            metrics?.Throttled(user.Namespace.Name, concurrent: false);
            throw new ApiException(429, ApiMessages.TooManyRequests(count, perMinute));
        }

        var concurrent = ThisControllersPart(user.Limits.ConcurrentInvocations ?? limits.Value.ConcurrentInvocations);
        var inFlight = balancers.ActiveActivationsFor(uuid);
        if (inFlight >= concurrent)
        {
            metrics?.Throttled(user.Namespace.Name, concurrent: true);
            throw new ApiException(429, ApiMessages.TooManyConcurrent(inFlight, concurrent));
        }
    }

    /// <summary>Throws 429 when the namespace fired triggers too often this minute (<c>firesPerMinute</c>).</summary>
    public void CheckFires(Identity user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var perMinute = ThisControllersPart(user.Limits.FiresPerMinute ?? limits.Value.FiresPerMinute);
        var minute = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 60_000;
        var count = fires.GetOrAdd(user.Namespace.Uuid, _ => new MinuteCounter()).Increment(minute);
        if (count > perMinute)
        {
            metrics?.Throttled(user.Namespace.Name, concurrent: false);
            throw new ApiException(429, ApiMessages.TooManyRequests(count, perMinute));
        }
    }

    private int ThisControllersPart(int limit)
    {
        var controllers = balancers.ClusterSize;
        if (limit <= 0 || controllers <= 1)
        {
            return limit;
        }

        return Math.Max(1, (int)Math.Ceiling(limit * 1.2) / controllers);
    }

    private sealed class MinuteCounter
    {
        private readonly Lock gate = new();
        private long minute;
        private long count;

        public long Increment(long now)
        {
            lock (gate)
            {
                if (now != minute)
                {
                    minute = now;
                    count = 0;
                }

                return ++count;
            }
        }
    }
}
