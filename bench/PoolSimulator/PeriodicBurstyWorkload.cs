namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>
/// Actions as production platforms see them (Serverless in the Wild: timers are the most common trigger, and most
/// functions are invoked rarely, some in bursts): two in five run on timers of 2 minutes to 2 hours (a few seconds of
/// jitter), three in ten come in bursts of 5 to 40 calls with gaps of tens of minutes to hours between bursts, and
/// the rest are steady traffic from once every 10 seconds to once every 5 minutes.
/// </summary>
internal static class PeriodicBurstyWorkload
{
    private static readonly int[] PeriodsMinutes = [2, 5, 10, 15, 20, 30, 45, 60, 90, 120];

    private static readonly int[] BurstGapsMinutes = [15, 30, 60, 120];

    public static IReadOnlyList<Invocation> Create(Random random, int actionCount, double hours)
    {
        var end = hours * 3_600_000;
        var invocations = new List<Invocation>();
        var actions = SyntheticAction.Many(random, actionCount);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            switch ((i * 10 / Math.Max(1, actions.Count)) switch { < 4 => 0, < 7 => 1, _ => 2 })
            {
                case 0:
                    var period = PeriodsMinutes[random.Next(PeriodsMinutes.Length)] * 60_000.0;
                    for (var t = random.NextDouble() * period; t < end; t += period)
                    {
                        invocations.Add(action.At((long)(t + (random.NextDouble() * 5_000))));
                    }

                    break;
                case 1:
                    var gap = BurstGapsMinutes[random.Next(BurstGapsMinutes.Length)] * 60_000.0;
                    for (var t = SyntheticAction.Exponential(random, gap); t < end; t += SyntheticAction.Exponential(random, gap))
                    {
                        var calls = random.Next(5, 41);
                        var spread = random.Next(10_000, 60_000);
                        for (var c = 0; c < calls; c++)
                        {
                            invocations.Add(action.At((long)(t + (random.NextDouble() * spread))));
                        }
                    }

                    break;
                default:
                    var mean = random.Next(10_000, 300_000);
                    for (var t = SyntheticAction.Exponential(random, mean); t < end; t += SyntheticAction.Exponential(random, mean))
                    {
                        invocations.Add(action.At((long)t));
                    }

                    break;
            }
        }

        invocations.Sort((a, b) => a.TimestampMs.CompareTo(b.TimestampMs));
        return invocations;
    }
}
