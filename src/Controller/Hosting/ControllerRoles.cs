namespace OpenWhisk.Controller.Hosting;

/// <summary>What a controller process runs: <c>standalone</c> (with an in-process invoker) or <c>controller</c>.</summary>
public static class ControllerRoles
{
    public const string Standalone = "standalone";
    public const string Controller = "controller";

    /// <summary>Reads <c>--role &lt;role&gt;</c> (default <c>standalone</c>).</summary>
    public static string From(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var index = Array.IndexOf(args, "--role");
        var role = index >= 0 && index + 1 < args.Length ? args[index + 1] : Standalone;
        return role is Standalone or Controller
            ? role
            : throw new ArgumentException($"Unknown role '{role}'; use '{Standalone}' or '{Controller}'.");
    }
}
