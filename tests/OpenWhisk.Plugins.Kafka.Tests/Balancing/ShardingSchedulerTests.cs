using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

[TestFixture]
public sealed class ShardingSchedulerTests
{
    private readonly Dictionary<int, InvokerSlots> slots = [];

    [SetUp]
    public void CreateSlots() => slots.Clear();

    [Test]
    public void Places_an_activation_on_its_home_invoker_when_it_has_room()
    {
        var choice = Schedule(InvokerTopologyTests.Invokers(5), home: 3, step: 2);
        Assert.That(choice, Is.EqualTo(new InvokerChoice(Id(3), Forced: false)));
    }

    [Test]
    public void Steps_past_a_full_invoker()
    {
        var invokers = InvokerTopologyTests.Invokers(5);
        Fill(3);
        var choice = Schedule(invokers, home: 3, step: 2);
        Assert.That(choice!.Invoker.Instance, Is.EqualTo(0), "(3 + 2) mod 5");
    }

    [Test]
    public void Skips_invokers_that_are_not_healthy()
    {
        var invokers = InvokerTopologyTests.Invokers(5).ToList();
        invokers[3] = invokers[3] with { State = InvokerState.Unhealthy };
        invokers[0] = invokers[0] with { State = InvokerState.Offline };
        var choice = Schedule(invokers, home: 3, step: 2);
        Assert.That(choice!.Invoker.Instance, Is.EqualTo(2), "3 is unhealthy, 0 offline, then (0 + 2) mod 5");
    }

    [Test]
    public void Forces_a_random_healthy_invoker_when_all_are_full()
    {
        var invokers = InvokerTopologyTests.Invokers(3);
        Fill(0);
        Fill(1);
        Fill(2);
        var choice = Schedule(invokers, home: 1, step: 1);
        Assert.That(choice, Is.Not.Null);
        Assert.That(choice!.Forced, Is.True);
        Assert.That(slots[choice.Invoker.Instance].FreeMemoryMb, Is.EqualTo(-256));
    }

    [Test]
    public void Finds_no_placement_without_healthy_invokers()
    {
        var invokers = InvokerTopologyTests.Invokers(3, InvokerState.Unresponsive);
        Assert.That(Schedule(invokers, home: 0, step: 1), Is.Null);
        Assert.That(Schedule([], home: 0, step: 1), Is.Null);
    }

    private static InvokerInstanceId Id(int instance) => new() { Instance = instance, UserMemoryMb = 1024 };

    private InvokerChoice? Schedule(IReadOnlyList<InvokerHealth> invokers, int home, int step) =>
        ShardingScheduler.Schedule(invokers, SlotsOf, "guest/hello", 1, 256, home, step, new Random(7));

    private void Fill(int instance) => SlotsOf(Id(instance)).ForceAcquire("guest/filler", 1, 1024);

    private InvokerSlots SlotsOf(InvokerInstanceId id)
    {
        if (!slots.TryGetValue(id.Instance, out var found))
        {
            found = new InvokerSlots(id.UserMemoryMb);
            slots.Add(id.Instance, found);
        }

        return found;
    }
}
