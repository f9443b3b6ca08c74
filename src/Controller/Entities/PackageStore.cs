using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>Packages and package bindings in the artifact store.</summary>
public sealed class PackageStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<WhiskPackage>(store, options, timeProvider)
{
    public override string EntityType => EntityTypes.Package;

    protected override (string Namespace, string Name, long Updated) Describe(WhiskPackage entity) =>
        (entity.Namespace, entity.Name, entity.Updated);
}
