using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Alarms;

/// <summary>Alarms in the artifact store, one per trigger, under an id no entity name can take (<c>ns/trigger#alarm</c>).</summary>
public sealed class AlarmStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<AlarmSchedule>(store, options, timeProvider)
{
    public const string Type = "alarm";

    public override string EntityType => Type;

    public static string DocId(string ns, string trigger) => ns + "/" + trigger + "#alarm";

    /// <summary>Every alarm of every namespace.</summary>
    public Task<IReadOnlyList<AlarmSchedule>> ListAllAsync(CancellationToken cancellationToken) =>
        ListAsync(new EntityQuery { EntityType = Type, Namespace = string.Empty, AllNamespaces = true, Limit = int.MaxValue }, cancellationToken);

    protected override (string Namespace, string Name, long Updated) Describe(AlarmSchedule entity) =>
        (entity.Namespace, entity.Name + "#alarm", entity.Updated);
}
