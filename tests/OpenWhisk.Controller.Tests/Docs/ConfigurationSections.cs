using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Stores;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Catalog;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Controller.WebConsole;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Hosting;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Plugins.Sqlite;
using OpenWhisk.Plugins.LogStores;
using OpenWhisk.Plugins.Lean;
using OpenWhisk.Plugins.Single;

namespace OpenWhisk.Controller.Tests.Docs;

/// <summary>
/// Which options class each configuration section binds, for <c>docs/configuration.md</c>. Classes of plugins are
/// named by plugin folder and type name: the test loads them from the controller's <c>plugins/</c> folder, as the
/// host does.
/// </summary>
internal static class ConfigurationSections
{
    /// <summary>Sections bound to a class every process references.</summary>
    public static IReadOnlyList<(string Section, Type Options)> BuiltIn { get; } =
    [
        ("Controller", typeof(ControllerOptions)),
        ("Limits", typeof(LimitsOptions)),
        ("LoadBalancer", typeof(LoadBalancerOptions)),
        ("LoadBalancer", typeof(SingleResolverOptions)),
        ("LoadBalancer", typeof(LeanLoadBalancerOptions)),
        ("Journal", typeof(JournalOptions)),
        ("Activations", typeof(ActivationRunnerOptions)),
        ("Activations", typeof(ActivationRetentionOptions)),
        ("Alarms", typeof(AlarmOptions)),
        ("Catalog", typeof(CatalogOptions)),
        ("Console", typeof(ConsoleOptions)),
        ("Identities:0", typeof(IdentityOptions)),
        ("Invoker", typeof(InvokerOptions)),
        ("Invoker:Pool", typeof(ContainerPoolOptions)),
        ("Invoker:Pool:Adaptive", typeof(AdaptivePolicyOptions)),
        ("Telemetry", typeof(TelemetryOptions)),
        ("Messaging:Memory", typeof(InMemoryMessagingOptions)),
        ("Stores:Sqlite", typeof(SqliteStoreOptions)),
        ("Logs:File", typeof(FileLogStoreOptions)),
        ("Logs:JsonFile", typeof(JsonFileLogOptions)),
        ("Logs:LogDriver", typeof(LogDriverOptions)),
        ("Plugins", typeof(PluginsOptions)),
    ];

    /// <summary>Sections bound by a plugin: (section, plugin folder, options type's full name).</summary>
    public static IReadOnlyList<(string Section, string Plugin, string Options)> Plugins { get; } =
    [
        ("Docker", "Docker", "OpenWhisk.Plugins.Docker.DockerOptions"),
        ("Swarm", "Swarm", "OpenWhisk.Plugins.Swarm.SwarmOptions"),
        ("Kafka", "Kafka", "OpenWhisk.Plugins.Kafka.KafkaOptions"),
        ("Kafka:LoadBalancer", "Kafka", "OpenWhisk.Plugins.Kafka.Balancing.KafkaLoadBalancerOptions"),
        ("Postgres", "Postgres", "OpenWhisk.Plugins.Postgres.PostgresOptions"),
        ("Direct", "Direct", "OpenWhisk.Plugins.Direct.DirectLoadBalancerOptions"),
        ("LoadBalancer", "KindBased", "OpenWhisk.Plugins.KindBased.KindBasedResolverOptions"),
        ("Simulation", "Simulation", "OpenWhisk.Plugins.Simulation.SimulationOptions"),
    ];
}
