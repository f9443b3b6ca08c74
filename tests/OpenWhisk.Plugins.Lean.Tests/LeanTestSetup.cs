using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Plugins.Lean.Tests;

/// <summary>What the lean balancer's unit tests build alike: the balancer as controller 0, and a blocking activation by guest.</summary>
internal static class LeanTestSetup
{
    public static LeanLoadBalancer Balancer(
        IMessagingProvider bus, IActivationTrackerFactory trackers, LeanLoadBalancerOptions balancing, IServiceProvider services, InProcessTransport? transport = null) =>
        new(bus, trackers, HostIdentity.ForController("0"), Options.Create(balancing), TimeProvider.System, NullLogger<LeanLoadBalancer>.Instance, transport ?? new InProcessTransport(), services);

    public static WhiskAction Action(string name) =>
        new() { Namespace = "guest", Name = name, Exec = new ActionExec { Kind = "nodejs:20", Code = "x" } };

    public static ActivationMessage BlockingMessage(WhiskAction action, string activationId) => new()
    {
        TransactionId = new TransactionId("t" + action.Name, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds()),
        Action = ActionReference.For(action),
        User = new Identity { Subject = "guest", Namespace = new NamespaceInfo("guest", "uuid-guest"), AuthKey = new AuthKey("uuid-guest:k") },
        ActivationId = activationId,
        RootControllerIndex = new ControllerInstanceId("0"),
        Blocking = true,
    };
}
