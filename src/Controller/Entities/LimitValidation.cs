using System.Globalization;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>Checks action limits against the system's, with OpenWhisk's messages.</summary>
public static class LimitValidation
{
    public static ActionLimits Validate(ActionLimits limits, LimitsOptions system)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(system);
        Check(limits.TimeoutMs, system.TimeoutMs, v => $"duration {v} milliseconds", v => $"{v} milliseconds");
        Check(limits.MemoryMb, system.MemoryMb, v => $"memory {v} MB", v => $"{v} MB");
        Check(limits.LogsMb, system.LogsMb, v => $"log size {v} MB", v => $"{v} MB");
        Check(limits.Concurrency, system.Concurrency, v => $"concurrency {v}", v => v.ToString(CultureInfo.InvariantCulture));
        return limits;
    }

    private static void Check(int value, RangeLimit range, Func<int, string> what, Func<int, string> threshold)
    {
        if (value < range.Min)
        {
            throw ApiException.BadRequest($"{what(value)} below allowed threshold of {threshold(range.Min)}");
        }

        if (value > range.Max)
        {
            throw ApiException.BadRequest($"{what(value)} exceeds allowed threshold of {threshold(range.Max)}");
        }
    }
}
