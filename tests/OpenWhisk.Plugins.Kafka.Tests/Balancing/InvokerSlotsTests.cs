using OpenWhisk.Plugins.Kafka.Balancing;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

[TestFixture]
public sealed class InvokerSlotsTests
{
    [Test]
    public void Grants_memory_until_it_is_used_up()
    {
        var slots = new InvokerSlots(512);
        Assert.Multiple(() =>
        {
            Assert.That(slots.TryAcquire("guest/a", 1, 256), Is.True);
            Assert.That(slots.TryAcquire("guest/b", 1, 256), Is.True);
            Assert.That(slots.TryAcquire("guest/c", 1, 128), Is.False);
            Assert.That(slots.FreeMemoryMb, Is.Zero);
        });
        slots.Release("guest/a", 1, 256);
        Assert.That(slots.TryAcquire("guest/c", 1, 128), Is.True);
        Assert.That(slots.FreeMemoryMb, Is.EqualTo(128));
    }

    [Test]
    public void Activations_of_a_concurrent_action_share_the_memory_of_one_container()
    {
        var slots = new InvokerSlots(512);
        for (var i = 0; i < 3; i++)
        {
            Assert.That(slots.TryAcquire("guest/concurrent", 3, 256), Is.True, $"activation {i}");
        }

        Assert.That(slots.FreeMemoryMb, Is.EqualTo(256), "three activations with concurrency 3 fit in one container");
        Assert.That(slots.TryAcquire("guest/concurrent", 3, 256), Is.True);
        Assert.That(slots.FreeMemoryMb, Is.Zero, "the fourth needs a second container");
        Assert.That(slots.TryAcquire("guest/concurrent", 3, 256), Is.True, "and two more fit in that one");
        Assert.That(slots.TryAcquire("guest/concurrent", 3, 256), Is.True);
        Assert.That(slots.TryAcquire("guest/concurrent", 3, 256), Is.False, "seven do not fit in two containers");
    }

    [Test]
    public void Memory_of_a_concurrent_action_comes_back_when_a_containers_worth_of_activations_finished()
    {
        var slots = new InvokerSlots(256);
        slots.TryAcquire("guest/concurrent", 2, 256);
        slots.TryAcquire("guest/concurrent", 2, 256);
        slots.Release("guest/concurrent", 2, 256);
        Assert.That(slots.FreeMemoryMb, Is.Zero, "one activation still runs in the container");
        Assert.That(slots.TryAcquire("guest/other", 1, 128), Is.False);
        slots.Release("guest/concurrent", 2, 256);
        Assert.That(slots.FreeMemoryMb, Is.EqualTo(256));
    }

    [Test]
    public void Concurrency_slots_belong_to_one_action()
    {
        var slots = new InvokerSlots(256);
        Assert.That(slots.TryAcquire("guest/one", 4, 256), Is.True);
        Assert.That(slots.TryAcquire("guest/two", 4, 256), Is.False, "another action cannot use the first one's container");
        Assert.That(slots.TryAcquire("guest/one", 4, 256), Is.True);
    }

    [Test]
    public void Forced_acquisition_overcommits_and_releases_restore_the_balance()
    {
        var slots = new InvokerSlots(256);
        slots.ForceAcquire("guest/a", 1, 256);
        slots.ForceAcquire("guest/b", 1, 256);
        Assert.That(slots.FreeMemoryMb, Is.EqualTo(-256));
        Assert.That(slots.TryAcquire("guest/c", 1, 128), Is.False);
        slots.Release("guest/a", 1, 256);
        slots.Release("guest/b", 1, 256);
        Assert.That(slots.FreeMemoryMb, Is.EqualTo(256));
    }

    [Test]
    public void Concurrent_acquisitions_never_grant_more_than_the_capacity()
    {
        var slots = new InvokerSlots(128 * 50);
        var granted = 0;
        Parallel.For(0, 1000, i =>
        {
            if (slots.TryAcquire("guest/a" + (i % 7), 1 + (i % 3), 128))
            {
                Interlocked.Increment(ref granted);
            }
        });
        Assert.That(slots.FreeMemoryMb, Is.GreaterThanOrEqualTo(0));
        Assert.That(granted, Is.GreaterThanOrEqualTo(50));
    }
}
