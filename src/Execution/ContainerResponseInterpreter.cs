using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Execution;

/// <summary>
/// Turns raw <c>/init</c> and <c>/run</c> outcomes into activation responses by OpenWhisk's rules, the same for
/// every container factory.
/// </summary>
public static class ContainerResponseInterpreter
{
    private const int ServiceUnavailable = 503;

    /// <summary>Interprets an <c>/init</c> call.</summary>
    /// <param name="result">The raw outcome.</param>
    /// <param name="timeout">The action's time limit.</param>
    /// <returns>The interpretation.</returns>
    public static InitInterpretation Init(ContainerCallResult result, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(result);
        var timeoutMs = (int)timeout.TotalMilliseconds;
        switch (result.Failure)
        {
            case ContainerCallFailure.Timeout:
                return Failed(ActivationResponse.DeveloperError(ActivationMessages.TimedOut(timeoutMs, duringInit: true)));
            case ContainerCallFailure.MemoryExhausted:
                return Failed(ActivationResponse.DeveloperError(ActivationMessages.MemoryExhausted));
            case ContainerCallFailure.ConnectionFailed or ContainerCallFailure.NoResponse:
                return Failed(ActivationResponse.DeveloperError(ActivationMessages.AbnormalInitialization));
        }

        if (result.StatusCode == ServiceUnavailable)
        {
            return new InitInterpretation(false, true, null);
        }

        if (result.Duration >= timeout)
        {
            return Failed(ActivationResponse.DeveloperError(ActivationMessages.TimedOut(timeoutMs, duringInit: true)));
        }

        var body = result.Body ?? string.Empty;
        if (result.StatusCode == 200 && !result.Truncated)
        {
            return new InitInterpretation(true, false, null);
        }

        if (result.Truncated)
        {
            return Failed(ActivationResponse.DeveloperError(
                ActivationMessages.TruncatedResponse(body, result.ContentLength ?? body.Length, body.Length), body.Length));
        }

        if (ActionResultJson.TryParse(body, out var json) && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error))
        {
            return Failed(ActivationResponse.DeveloperError(error.Clone(), body.Length));
        }

        return Failed(ActivationResponse.DeveloperError(ActivationMessages.InvalidInitResponse(body), body.Length));
    }

    /// <summary>Interprets a <c>/run</c> call.</summary>
    /// <param name="result">The raw outcome.</param>
    /// <param name="options">The call's limits.</param>
    /// <returns>The interpretation.</returns>
    public static RunInterpretation Run(ContainerCallResult result, ContainerCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var timeoutMs = (int)options.Timeout.TotalMilliseconds;
        var timedOut = result.Duration >= options.Timeout;
        switch (result.Failure)
        {
            case ContainerCallFailure.Timeout:
                return Developer(ActivationMessages.TimedOut(timeoutMs, duringInit: false), timedOut: true);
            case ContainerCallFailure.MemoryExhausted:
                return Developer(ActivationMessages.MemoryExhausted, timedOut);
            case ContainerCallFailure.ConnectionFailed when options.Reschedule:
                return new RunInterpretation(ActivationResponse.WhiskError(ActivationMessages.AbnormalRun), true, false);
            case ContainerCallFailure.ConnectionFailed or ContainerCallFailure.NoResponse:
                return Developer(ActivationMessages.AbnormalRun, timedOut);
        }

        if (result.StatusCode == ServiceUnavailable)
        {
            return new RunInterpretation(ActivationResponse.WhiskError(ActivationMessages.AbnormalRun), true, false);
        }

        if (timedOut)
        {
            return Developer(ActivationMessages.TimedOut(timeoutMs, duringInit: false), timedOut: true);
        }

        var body = result.Body ?? string.Empty;
        if (result.Truncated)
        {
            var response = ActivationResponse.ApplicationError(
                ActivationMessages.TruncatedResponse(body, result.ContentLength ?? body.Length, options.MaxResponseBytes));
            return new RunInterpretation(response with { Size = (int)Math.Min(int.MaxValue, result.ContentLength ?? body.Length) }, false, false);
        }

        var ok = result.StatusCode == 200;
        if (!ActionResultJson.TryParse(body, out var json))
        {
            return Developer(ActivationMessages.InvalidRunResponse(body), false, body.Length);
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            var hasError = json.TryGetProperty("error", out var error);
            if (ok)
            {
                return new RunInterpretation(
                    hasError ? ActivationResponse.ApplicationError(error.Clone(), body.Length) : ActivationResponse.Success(json.Clone(), body.Length),
                    false,
                    false);
            }

            return hasError
                ? new RunInterpretation(ActivationResponse.DeveloperError(error.Clone(), body.Length), false, false)
                : Developer(ActivationMessages.InvalidRunResponse(body), false, body.Length);
        }

        if (json.ValueKind == JsonValueKind.Array && ok)
        {
            return new RunInterpretation(ActivationResponse.Success(json.Clone(), body.Length), false, false);
        }

        return Developer(ActivationMessages.InvalidRunResponse(body), false, body.Length);
    }

    private static InitInterpretation Failed(ActivationResponse response) => new(false, false, response);

    private static RunInterpretation Developer(string message, bool timedOut, int? size = null) =>
        new(ActivationResponse.DeveloperError(message, size), false, timedOut);
}
