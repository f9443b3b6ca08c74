namespace OpenWhisk.Controller.Routes;

/// <summary>A refused route management request: answered 502 <c>{"error": message}</c>, as OpenWhisk's apimgmt actions answer.</summary>
public sealed class ApiManagementException(string message) : Exception(message);
