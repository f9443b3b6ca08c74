namespace OpenWhisk.Spi.Activations;

/// <summary>OpenWhisk's text for activation statuses.</summary>
public static class ActivationStatusExtensions
{
    /// <summary>
    /// Returns the status text of the API's extended form: <c>success</c>, <c>application error</c>,
    /// <c>action developer error</c> or <c>whisk internal error</c>.
    /// </summary>
    /// <param name="status">The status.</param>
    /// <returns>The text.</returns>
    public static string ToStatusText(this ActivationStatus status) => status switch
    {
        ActivationStatus.Success => "success",
        ActivationStatus.ApplicationError => "application error",
        ActivationStatus.DeveloperError => "action developer error",
        _ => "whisk internal error",
    };

    /// <summary>Tells whether a container that produced this status must be destroyed.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> for developer and whisk errors.</returns>
    public static bool DestroysContainer(this ActivationStatus status) =>
        status is ActivationStatus.DeveloperError or ActivationStatus.WhiskError;
}
