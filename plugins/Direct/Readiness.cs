using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Plugins.Direct;

/// <summary>How the start of a shared container ended, for the activations that waited for it.</summary>
/// <param name="Ok">The container is initialized and takes activations.</param>
/// <param name="Failure">
/// When it is not: the response of the failed creation or <c>/init</c>, which the waiting activations end with too;
/// null when the container was unusable and they should try a fresh one.
/// </param>
internal sealed record Readiness(bool Ok, ActivationResponse? Failure)
{
    public static Readiness Initialized { get; } = new(true, null);

    public static Readiness Unusable { get; } = new(false, null);

    public static Readiness Failed(ActivationResponse failure) => new(false, failure);
}
