using System.Text;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.TestKit.Containers;

/// <summary>
/// What every container factory must do, run against each implementation (simulated, Docker, Swarm, …): containers
/// that initialize and run an action, hand out each activation's log lines, survive suspend and resume, go away on
/// destroy, are cleaned up by owner and no other, and clear errors for missing images. The action is
/// <see cref="SimulateAction"/>, which the simulated factory imitates.
/// </summary>
public abstract class ContainerFactoryConformanceTests
{
    private static readonly ContainerCallOptions Call = new() { Timeout = TimeSpan.FromSeconds(30) };
    private static readonly ContainerCallOptions ShortCall = new() { Timeout = TimeSpan.FromSeconds(3) };
    private static readonly ContainerLogRequest Logs = new() { LimitBytes = 1024 * 1024, WaitForSentinel = true, IdleTimeout = TimeSpan.FromSeconds(5) };
    private readonly List<string> owners = [];
    private IContainerFactory factory = null!;
    private int sequence;

    /// <summary>Gets the image of a Node.js runtime that speaks OpenWhisk's action-proxy protocol.</summary>
    protected abstract string NodeImage { get; }

    /// <summary>Gets an image name that does not exist anywhere the factory looks.</summary>
    protected virtual string MissingImage => "openwhisknet/no-such-image-" + Guid.NewGuid().ToString("N")[..8] + ":latest";

    /// <summary>Creates the factory under test (once per fixture).</summary>
    /// <returns>The factory.</returns>
    protected abstract Task<IContainerFactory> CreateFactoryAsync();

    [OneTimeSetUp]
    public async Task CreateFactory() => factory = await CreateFactoryAsync();

    [TearDown]
    public async Task RemoveContainers()
    {
        foreach (var owner in owners)
        {
            await factory.CleanupAsync(owner, CancellationToken.None);
        }

        owners.Clear();
    }

    [OneTimeTearDown]
    public async Task DisposeFactory()
    {
        if (factory is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            (factory as IDisposable)?.Dispose();
        }
    }

    [Test]
    public async Task A_container_initializes_and_runs_an_action_at_its_address()
    {
        var container = await CreateAsync(NewOwner());

        var init = await container.InitializeAsync(SimulateAction.InitBody(), Call, CancellationToken.None);
        var run = await container.RunAsync(SimulateAction.RunBody(new { name = "conformance" }), Call, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(container.Id, Is.Not.Empty);
            Assert.That(container.Address.Host, Is.Not.Empty);
            Assert.That(init.StatusCode, Is.EqualTo(200), init.FailureDetail ?? init.Body);
            Assert.That(run.StatusCode, Is.EqualTo(200), run.FailureDetail ?? run.Body);
            Assert.That(run.Body, Does.Contain("\"name\":\"conformance\""));
        });
    }

    [Test]
    public async Task Each_activation_reads_its_own_log_lines_up_to_the_sentinels()
    {
        var container = await InitializedAsync(NewOwner());

        await container.RunAsync(SimulateAction.RunBody(new { simulate = new { logs = new[] { "first one", "first two" } } }), Call, CancellationToken.None);
        var first = await container.ReadLogsAsync(Logs, CancellationToken.None);
        await container.RunAsync(SimulateAction.RunBody(new { simulate = new { logs = new[] { "second" } } }), Call, CancellationToken.None);
        var second = await container.ReadLogsAsync(Logs, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(first.Lines.Select(l => l.Message), Is.EqualTo(new[] { "first one", "first two" }));
            Assert.That(first.Lines.Select(l => l.Stream), Is.All.EqualTo("stdout"));
            Assert.That(first.Incomplete, Is.False);
            Assert.That(second.Lines.Select(l => l.Message), Is.EqualTo(new[] { "second" }));
        });
    }

    [Test]
    public async Task A_suspended_container_runs_again_after_it_is_resumed()
    {
        var container = await InitializedAsync(NewOwner());

        await container.SuspendAsync(CancellationToken.None);
        await container.ResumeAsync(CancellationToken.None);
        var run = await container.RunAsync(SimulateAction.RunBody(new { again = true }), Call, CancellationToken.None);

        Assert.That(run.StatusCode, Is.EqualTo(200), run.FailureDetail ?? run.Body);
    }

    [Test]
    public async Task An_action_that_exits_ends_the_call_without_a_response()
    {
        var container = await InitializedAsync(NewOwner());

        var run = await container.RunAsync(SimulateAction.RunBody(new { simulate = new { outcome = "exit" } }), Call, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(run.StatusCode, Is.Null);
            Assert.That(run.Failure, Is.Not.EqualTo(ContainerCallFailure.None));
        });
    }

    [Test]
    public async Task A_destroyed_container_is_gone_and_destroying_it_again_is_harmless()
    {
        var owner = NewOwner();
        var container = await InitializedAsync(owner);

        await container.DestroyAsync(CancellationToken.None);
        await container.DestroyAsync(CancellationToken.None);
        var run = await container.RunAsync(SimulateAction.RunBody(new { late = true }), ShortCall, CancellationToken.None);
        var leftovers = await factory.CleanupAsync(owner, CancellationToken.None);
        var listening = (container.Address.Port > 0 || container.Address.SocketPath is not null) && await AcceptsConnectionsAsync(container.Address);

        Assert.Multiple(() =>
        {
            Assert.That(run.StatusCode, Is.Null);
            Assert.That(leftovers, Is.Zero, "nothing of the owner is left to clean up");
            Assert.That(listening, Is.False, "nothing listens at the container's address any more");
        });
    }

    [Test]
    public async Task Cleanup_removes_the_containers_of_its_owner_and_no_other()
    {
        var owner = NewOwner();
        var other = NewOwner();
        var mine = new[] { await InitializedAsync(owner), await InitializedAsync(owner) };
        var theirs = await InitializedAsync(other);

        var removed = await factory.CleanupAsync(owner, CancellationToken.None);
        var mineAfter = await mine[0].RunAsync(SimulateAction.RunBody(new { late = true }), ShortCall, CancellationToken.None);
        var theirsAfter = await theirs.RunAsync(SimulateAction.RunBody(new { still = "here" }), Call, CancellationToken.None);
        var removedAgain = await factory.CleanupAsync(owner, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(2));
            Assert.That(mineAfter.StatusCode, Is.Null);
            Assert.That(theirsAfter.StatusCode, Is.EqualTo(200), theirsAfter.FailureDetail ?? theirsAfter.Body);
            Assert.That(removedAgain, Is.Zero);
        });
    }

    [Test]
    public void A_missing_runtime_image_is_a_whisk_error()
    {
        var request = Request(NewOwner()) with { Image = MissingImage };

        var error = Assert.ThrowsAsync<ContainerStartupException>(() => factory.CreateContainerAsync(request, CancellationToken.None));

        Assert.That(error!.IsDeveloperError, Is.False);
    }

    [Test]
    public void A_missing_blackbox_image_is_a_developer_error()
    {
        var request = Request(NewOwner()) with { Image = MissingImage, UserProvidedImage = true, Kind = "blackbox" };

        var error = Assert.ThrowsAsync<ContainerStartupException>(() => factory.CreateContainerAsync(request, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsDeveloperError, Is.True);
            Assert.That(error.Message, Does.Contain(request.Image));
        });
    }

    [Test]
    public async Task Capacity_is_unknown_or_holds_at_least_one_node()
    {
        var capacity = await factory.GetCapacityAsync(NewOwner(), CancellationToken.None);

        Assert.That(capacity is null || (capacity.MemoryMb > 0 && capacity.Nodes >= 1), Is.True, capacity?.ToString());
    }

    /// <summary>A request for a Node.js container of 256 MB owned by <paramref name="owner"/>.</summary>
    /// <param name="owner">The owner.</param>
    /// <returns>The request.</returns>
    protected ContainerRequest Request(string owner) => new()
    {
        Name = owner + "_" + Interlocked.Increment(ref sequence) + "_guest_conformance",
        Owner = owner,
        Kind = "nodejs:20",
        ActionName = "guest/conformance",
        Image = NodeImage,
        MemoryMb = 256,
    };

    /// <summary>A fresh owner whose containers are removed after the test.</summary>
    /// <returns>The owner.</returns>
    protected string NewOwner()
    {
        var owner = "wskconf" + Guid.NewGuid().ToString("N")[..8];
        owners.Add(owner);
        return owner;
    }

    private static async Task<bool> AcceptsConnectionsAsync(ContainerAddress address)
    {
        using var client = address.SocketPath is null
            ? new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)
            : new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        System.Net.EndPoint endPoint = address.SocketPath is { } path
            ? new System.Net.Sockets.UnixDomainSocketEndPoint(path)
            : new System.Net.DnsEndPoint(address.Host, address.Port);
        try
        {
            await client.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    private Task<IContainer> CreateAsync(string owner) => factory.CreateContainerAsync(Request(owner), CancellationToken.None);

    private async Task<IContainer> InitializedAsync(string owner)
    {
        var container = await CreateAsync(owner);
        var init = await container.InitializeAsync(SimulateAction.InitBody(), Call, CancellationToken.None);
        Assert.That(init.StatusCode, Is.EqualTo(200), init.FailureDetail ?? init.Body ?? Encoding.UTF8.GetString(SimulateAction.InitBody()));
        return container;
    }
}
