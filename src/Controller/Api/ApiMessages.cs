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
    public const string Conformance = "Resource by this name exists but is not in this collection.";
    public const string ParametersNotAllowed = "Request defines parameters that are not allowed (e.g., reserved properties).";
    public const string MalformedQualifiedName = "The fully qualified name of the entity must contain at least the namespace and the name of the entity.";
    public const string BindingDoesNotExist = "Binding references a package that does not exist.";
    public const string PackageCannotBecomeBinding = "Resource is a package and cannot be converted into a binding.";
    public const string BindingCannotReferenceBinding = "Cannot bind to another package binding.";
    public const string RequestedBindingIsNotValid = "Cannot bind to a resource that is not a package.";
    public const string NotAllowedOnBinding = "Operation not permitted on package binding.";
    public const string SequenceIsTooLong = "Too many actions in the sequence.";
    public const string SequenceNoComponent = "No component specified for the sequence.";
    public const string SequenceIsCyclic = "Sequence may not refer to itself.";
    public const string SequenceComponentNotFound = "Sequence component does not exist.";
    public const string SequenceActivationFailure = "Sequence failed.";
    public const string CompositionIsTooLong = "Too many actions in the composition.";
    public const string CompositionActivationFailure = "Activation failure during composition.";
    public const string DatabaseUnavailable = "The database is not available; try again.";

    public static string PackageNameIsReserved(string name) => $"Package name '{name}' is reserved.";

    public static string PackageNotEmpty(long count) =>
        string.Create(CultureInfo.InvariantCulture, $"Package not empty (contains {count} {(count == 1 ? "entity" : "entities")}). Set force param or delete package contents.");

    public static string PackageBindingCircularReference(string name) => $"Package binding '{name}' contains a circular reference.";

    public static string SequenceRetrieveActivationTimeout(string activationId) =>
        $"Timeout reached when retrieving activation {activationId} for sequence component.";

    public static string CompositionActivationTimeout(string activationId) =>
        $"Timeout reached when retrieving activation {activationId} during composition.";

    public static string CompositionComponentInvalid(string json) =>
        $"Failed to parse action name from json value {json} during composition.";

    public static string CompositionComponentNotFound(string name) =>
        $"Failed to resolve action with name '{name}' during composition.";

    public static string CompositionComponentNotAccessible(string name) =>
        $"Failed entitlement check for action with name '{name}' during composition.";

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
