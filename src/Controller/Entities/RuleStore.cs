using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>Rules in the artifact store.</summary>
public sealed class RuleStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<WhiskRule>(store, options, timeProvider)
{
    public override string EntityType => EntityTypes.Rule;

    protected override (string Namespace, string Name, long Updated) Describe(WhiskRule entity) =>
        (entity.Namespace, entity.Name, entity.Updated);
}
