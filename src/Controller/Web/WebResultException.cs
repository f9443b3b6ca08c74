namespace OpenWhisk.Controller.Web;

/// <summary>A web action's result that cannot become the response its extension asks for (answered with 400 or 404).</summary>
public sealed class WebResultException(int status, string message) : Exception(message)
{
    /// <summary>Gets the status to answer with.</summary>
    public int Status { get; } = status;
}
