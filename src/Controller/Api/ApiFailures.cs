using System.Text.Json;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary>How a failure reaches a caller: the status and message the API answers with, wherever it is reported.</summary>
public static class ApiFailures
{
    /// <summary>The status and message for <paramref name="exception"/>: 4xx for what the caller can fix, 503 for what passes, 500 otherwise.</summary>
    public static (int Status, string Message) Classify(Exception exception) => exception switch
    {
        ApiException api => (api.Status, api.Message),
        DocumentConflictException conflict => (409, conflict.Message),
        DocumentRefusedException refused => (400, refused.Message),
        StoreUnavailableException => (503, ApiMessages.DatabaseUnavailable),
        LoadBalancerUnavailableException unavailable => (503, unavailable.Message),
        MessageTooLargeException tooLarge => (413, tooLarge.Message),
        MessagingException => (503, "The activation could not be placed; try again."),
        JsonException json => (400, ApiMessages.Malformed + json.Message),
        BadHttpRequestException { StatusCode: 413 } => (413, "The request content was too large."),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        OperationCanceledException => (503, "The request was cancelled."),
        _ => (500, ApiMessages.InternalError),
    };
}
