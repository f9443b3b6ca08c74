namespace OpenWhisk.Controller.Web;

/// <summary>OpenWhisk's messages for web action responses.</summary>
public static class WebMessages
{
    public const string PropertyNotFound = "Response does not include requested property.";
    public const string UnknownContentType = "Response did not specify a known content-type.";
    public const string ContentTypeMismatch = "Response type in header did not match generated content type.";
    public const string ErrorProcessingRequest = "There was an error processing your request.";
    public const string ResponseNotReady = "Response not yet ready.";
    public const string Unauthorized = "The request has not been applied because it lacks valid authentication credentials for the target resource.";

    /// <summary>The result is not of the media type its extension promises.</summary>
    public static string InvalidMedia(string mediaType) => $"Response is not valid '{mediaType}'.";
}
