using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// OpenWhisk's <c>schedule</c>: probe the home invoker, then step through the list; the first Healthy invoker with
/// room takes the activation. When a full round finds no room, a random Healthy invoker is forced to take it (the
/// system is overloaded); with no Healthy invoker there is no placement.
/// </summary>
internal static class ShardingScheduler
{
    public static InvokerChoice? Schedule(
        IReadOnlyList<InvokerHealth> invokers,
        Func<InvokerInstanceId, InvokerSlots> slotsOf,
        string action,
        int maxConcurrent,
        int memoryMb,
        int home,
        int step,
        Random random)
    {
        var count = invokers.Count;
        if (count == 0)
        {
            return null;
        }

        var index = home;
        for (var probes = 0; probes < count; probes++)
        {
            var invoker = invokers[index];
            if (invoker.State.IsUsable() && slotsOf(invoker.Id).TryAcquire(action, maxConcurrent, memoryMb))
            {
                return new InvokerChoice(invoker.Id, Forced: false);
            }

            index = (index + step) % count;
        }

        var healthy = invokers.Where(i => i.State.IsUsable()).ToList();
        if (healthy.Count == 0)
        {
            return null;
        }

        var chosen = healthy[random.Next(healthy.Count)].Id;
        slotsOf(chosen).ForceAcquire(action, maxConcurrent, memoryMb);
        return new InvokerChoice(chosen, Forced: true);
    }
}
