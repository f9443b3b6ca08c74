using System.Globalization;

namespace OpenWhisk.Controller.Api;

/// <summary>OpenWhisk's API error texts.</summary>
public static class ApiMessages
{
    public const string ResourceDoesNotExist = "The requested resource does not exist.";
    public const string NotAuthorized = "The supplied authentication is not authorized to access this resource.";
    public const string AuthenticationMissing = "The resource requires authentication, which was not supplied with the request";
    public const string AuthenticationInvalid = "The supplied authentication is invalid";
    public const string AlreadyExists = "resource already exists";
    public const string ConcurrentModification = "Concurrent modification to resource detected.";
    public const string IllegalName = "The name of the entity contains illegal characters.";
    public const string ExecUndefined = "exec undefined";
    public const string Malformed = "The request content was malformed:\n";
    public const string InternalError = "Internal server error";
    public const string NoInvokers = "No invokers available.";
    public const string DatabaseUnavailable = "The database is not available; try again.";

    public static string NotAuthorizedFor(string resource) =>
        $"The supplied authentication is not authorized to access '{resource}'.";

    public static string TooLarge(string field, long size, long max) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} larger than allowed: {size} > {max} bytes.");

    public static string TooManyRequests(long count, long allowed) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many requests in the last minute (count: {count}, allowed: {allowed}).");

    public static string TooManyConcurrent(long count, long allowed) =>
        string.Create(CultureInfo.InvariantCulture, $"Too many concurrent requests in flight (count: {count}, allowed: {allowed}).");

    public static string OutOfRange(int value, int max, string collection) =>
        string.Create(CultureInfo.InvariantCulture, $"The value '{value}' is not in the range of 0 to {max} for {collection}.");

    public static string NameTooLong(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"Name segement longer than allowed: {length} > 256.");

    public static string ActivationIdLength(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"Activation id length is {length} but must be 32.");
}
