using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// The action a controller sends to an invoker it does not trust yet (OpenWhisk's health test action):
/// <c>whisk.system/invokerHealthTestAction&lt;controller&gt;</c>, 128 MB, returning its parameters, sent with
/// transaction id <c>sid_invokerHealth</c> under a stub <c>whisk.system</c> identity. The action travels inside the
/// message, so invokers do not need it in the entity store.
/// </summary>
internal sealed class HealthTestAction
{
    private const string SystemNamespace = "whisk.system";
    private static readonly JsonElement EmptyParameters = JsonDocument.Parse("{}").RootElement.Clone();
    private readonly ControllerInstanceId controller;
    private readonly WhiskAction action;
    private readonly Identity identity;

    public HealthTestAction(ControllerInstanceId controller, string kind)
    {
        this.controller = controller;
        action = new WhiskAction
        {
            Namespace = SystemNamespace,
            Name = "invokerHealthTestAction" + controller.AsString,
            Exec = new ActionExec { Kind = kind, Code = CodeFor(kind) },
            Limits = new ActionLimits { MemoryMb = 128 },
        };
        var uuid = Guid.NewGuid().ToString();
        identity = new Identity
        {
            Subject = SystemNamespace,
            Namespace = new NamespaceInfo(SystemNamespace, uuid),
            AuthKey = new AuthKey(uuid + ":" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))),
        };
    }

    public string FullyQualifiedName => action.FullyQualifiedName;

    /// <summary>Builds one test activation.</summary>
    public ActivationMessage CreateMessage(DateTimeOffset now) => new()
    {
        TransactionId = new TransactionId(TransactionId.InvokerHealthId, now.ToUnixTimeMilliseconds()),
        Action = ActionReference.For(action),
        User = identity,
        ActivationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        RootControllerIndex = controller,
        Blocking = false,
        Content = EmptyParameters,
        ActionDocument = action,
    };

    private static string CodeFor(string kind) =>
        kind.StartsWith("python", true, CultureInfo.InvariantCulture)
            ? "def main(args):\n    return args\n"
            : "function main(params) { return params; }";
}
