using OpenWhisk.Controller.Invocation;

namespace OpenWhisk.Controller.Tests.Unit;

[TestFixture]
public sealed class RandomHexIdsTests
{
    [Test]
    public void Ids_are_32_lowercase_hex_characters_and_never_repeat_across_draws_and_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, _ =>
        {
            // Several draws of the per-thread buffer on each thread.
            for (var i = 0; i < 1000; i++)
            {
                ids.Add(RandomHexIds.Next());
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.Count.EqualTo(4000));
            Assert.That(ids.Distinct().Count(), Is.EqualTo(4000));
            Assert.That(ids, Has.All.Matches("^[0-9a-f]{32}$"));
        });
    }

    [Test]
    public void Ordered_ids_start_with_their_time_and_end_with_80_random_bits()
    {
        var time = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

        var ids = Enumerable.Range(0, 1000).Select(_ => RandomHexIds.NextOrdered(time)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.All.Matches("^[0-9a-f]{32}$"));
            Assert.That(ids, Has.All.StartsWith(time.ToString("x12", System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(ids.Select(id => id[12..]).Distinct().Count(), Is.EqualTo(1000));
        });
    }

    [Test]
    public void An_ordered_id_made_a_millisecond_later_sorts_after_every_earlier_one()
    {
        var time = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var earlier = Enumerable.Range(0, 100).Select(_ => RandomHexIds.NextOrdered(time)).ToList();

        var later = RandomHexIds.NextOrdered(time + 1);

        Assert.That(earlier, Has.All.LessThan(later).Using<string>(StringComparer.Ordinal));
    }

    [Test]
    public void An_activation_id_carries_the_time_of_its_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var id = ActionInvoker.NewActivationId(clock);

        Assert.That(Convert.ToInt64(id[..12], 16), Is.EqualTo(clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }
}
