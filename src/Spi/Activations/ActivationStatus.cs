namespace OpenWhisk.Spi.Activations;

/// <summary>How an activation ended; the numeric values are OpenWhisk's <c>statusCode</c>.</summary>
public enum ActivationStatus
{
    /// <summary>The action returned a result.</summary>
    Success = 0,

    /// <summary>The action returned an error (<c>{"error": ...}</c>); the container stays.</summary>
    ApplicationError = 1,

    /// <summary>The action failed (crash, timeout, bad response); the container is destroyed.</summary>
    DeveloperError = 2,

    /// <summary>The platform failed; the container is destroyed.</summary>
    WhiskError = 3,
}
