using Microsoft.AspNetCore.Diagnostics;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// Turns every failure of a request into OpenWhisk's <c>{"error", "code"}</c> with the status
/// <see cref="ApiFailures.Classify"/> gives it, never a stack trace; 503s are logged as warnings, other 5xx as errors.
/// ASP.NET Core's exception handler middleware calls it (it cleared the response, so the transaction id and CORS
/// headers are set again).
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var (status, message) = ApiFailures.Classify(exception);
        if (status == 503)
        {
            LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        }
        else if (status >= 500)
        {
            LogRequestFailed(logger, httpContext.Request.Method, httpContext.Request.Path, status, exception);
        }

        ApiMiddleware.AddStandardHeaders(httpContext);
        await ErrorWriter.WriteAsync(httpContext, status, message);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status}")]
    private static partial void LogRequestFailed(ILogger logger, string method, string path, int status, Exception exception);
}
