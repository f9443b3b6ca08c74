using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.TestKit.Stores;

/// <summary>The journal of accepted activations, for stores that keep one (<see cref="IActivationJournal"/>).</summary>
public abstract partial class ActivationStoreConformanceTests
{
    /// <summary>A moment all journal tests count from.</summary>
    protected static readonly DateTimeOffset Epoch = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the store's journal; ignores the test for a store that keeps none.</summary>
    protected IActivationJournal Journal => Store as IActivationJournal ?? throw new IgnoreException("this store keeps no journal of accepted activations");

    [Test]
    public async Task An_accepted_activation_without_a_record_is_overdue_after_its_deadline_only()
    {
        await Journal.AcceptAsync(Accepted("j1", Epoch.AddMinutes(3), "0"), CancellationToken.None);

        var before = await Journal.ListOverdueAsync(Epoch.AddMinutes(3), null, 10, CancellationToken.None);
        var after = await Journal.ListOverdueAsync(Epoch.AddMinutes(3).AddMilliseconds(1), null, 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty, "not overdue at its deadline");
            Assert.That(after.Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "j1" }));
            Assert.That(after[0].Controller, Is.EqualTo("0"));
            Assert.That(after[0].Deadline, Is.EqualTo(Epoch.AddMinutes(3)));
            Assert.That(after[0].Fallback.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
        });
    }

    [Test]
    public async Task Overdue_activations_come_earliest_deadline_first_limited_and_by_controller()
    {
        await Journal.AcceptAsync(Accepted("j3", Epoch.AddMinutes(3), "1"), CancellationToken.None);
        await Journal.AcceptAsync(Accepted("j1", Epoch.AddMinutes(1), "0"), CancellationToken.None);
        await Journal.AcceptAsync(Accepted("j2", Epoch.AddMinutes(2), "0"), CancellationToken.None);

        var later = Epoch.AddHours(1);
        Assert.Multiple(async () =>
        {
            Assert.That((await Journal.ListOverdueAsync(later, null, 2, CancellationToken.None)).Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "j1", "j2" }));
            Assert.That((await Journal.ListOverdueAsync(later, "1", 10, CancellationToken.None)).Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { "j3" }));
        });
    }

    [Test]
    public async Task Storing_the_record_ends_the_acceptance()
    {
        await Journal.AcceptAsync(Accepted("j4", Epoch, "0"), CancellationToken.None);

        await Store.StoreAsync(Record("guest", "j4", "guest/hello", 1), CancellationToken.None);

        Assert.That(await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task A_forgotten_acceptance_is_neither_overdue_nor_ended_with_a_record()
    {
        await Journal.AcceptAsync(Accepted("j7", Epoch, "0"), CancellationToken.None);

        await Journal.ForgetAsync("guest", "j7", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None), Is.Empty);
            Assert.That(await Store.GetAsync("guest", "j7", CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task Ending_an_overdue_activation_stores_its_fallback_record_once()
    {
        var accepted = Accepted("j5", Epoch, "0");
        await Journal.AcceptAsync(accepted, CancellationToken.None);

        await Journal.EndOverdueAsync(accepted, CancellationToken.None);
        await Journal.EndOverdueAsync(accepted, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await Store.GetAsync("guest", "j5", CancellationToken.None))!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None), Is.Empty);
            Assert.That(await Store.CountAsync(new ActivationQuery { Namespace = "guest" }, CancellationToken.None), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Ending_an_overdue_activation_never_replaces_a_record_stored_meanwhile()
    {
        var accepted = Accepted("j6", Epoch, "0");
        await Journal.AcceptAsync(accepted, CancellationToken.None);
        var overdue = await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None);

        await Store.StoreAsync(Record("guest", "j6", "guest/hello", 7), CancellationToken.None);
        await Journal.EndOverdueAsync(overdue.Single(), CancellationToken.None);

        Assert.That((await Store.GetAsync("guest", "j6", CancellationToken.None))!.Response.IsSuccess, Is.True);
    }

    [Test]
    public async Task Noting_an_activation_again_replaces_its_note()
    {
        await Journal.AcceptAsync(Accepted("j8", Epoch.AddMinutes(1), "0"), CancellationToken.None);

        await Journal.AcceptAsync(Accepted("j8", Epoch.AddHours(2), "1"), CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None), Is.Empty);
            Assert.That((await Journal.ListOverdueAsync(Epoch.AddHours(3), null, 10, CancellationToken.None)).Select(a => (a.Fallback.ActivationId, a.Controller)), Is.EqualTo(new[] { ("j8", "1") }));
        });
    }

    [Test]
    public async Task Deleting_a_record_does_not_bring_its_acceptance_back()
    {
        await Journal.AcceptAsync(Accepted("j9", Epoch, "0"), CancellationToken.None);
        await Store.StoreAsync(Record("guest", "j9", "guest/hello", 1), CancellationToken.None);

        await Store.DeleteAsync("guest", "j9", CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(await Journal.ListOverdueAsync(Epoch.AddHours(1), null, 10, CancellationToken.None), Is.Empty);
            Assert.That(await Store.GetAsync("guest", "j9", CancellationToken.None), Is.Null);
        });
    }

    /// <summary>An accepted activation of <c>guest/hello</c> with a whisk-error fallback record.</summary>
    protected static AcceptedActivation Accepted(string id, DateTimeOffset deadline, string controller) => new(
        Record("guest", id, "guest/hello", Epoch.ToUnixTimeMilliseconds()) with { Response = ActivationResponse.WhiskError("the platform stopped") },
        deadline,
        controller);
}
