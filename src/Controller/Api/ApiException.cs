namespace OpenWhisk.Controller.Api;

/// <summary>A request failed with an HTTP status and OpenWhisk's message; answered as <c>{"error", "code"}</c>.</summary>
public sealed class ApiException : Exception
{
    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ApiException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Gets the HTTP status.</summary>
    public int Status { get; } = 500;

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException NotFound() => new(404, ApiMessages.ResourceDoesNotExist);

    public static ApiException Conflict(string message) => new(409, message);
}
