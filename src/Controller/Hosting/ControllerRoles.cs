namespace OpenWhisk.Controller.Hosting;

/// <summary>
/// What a process serving the API runs: <c>controller</c> (<c>OpenWhisk.Controller</c>, the API alone) or
/// <c>standalone</c> (<c>OpenWhisk.Standalone</c>, the API with an invoker in the same process). Each names the
/// configuration file the process reads (<c>config/appsettings.&lt;role&gt;.json</c>).
/// </summary>
public static class ControllerRoles
{
    /// <summary>The API with an invoker in the same process.</summary>
    public const string Standalone = "standalone";

    /// <summary>The API alone.</summary>
    public const string Controller = "controller";

    /// <summary>
    /// Why <paramref name="args"/> cannot run in a process of <paramref name="role"/>: a <c>--role</c> that names
    /// another one (the role is the executable's; <c>--role</c> may repeat it); null when they can.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="role">The role of this executable.</param>
    /// <returns>The message for the operator, or null.</returns>
    public static string? Refusal(string[] args, string role)
    {
        ArgumentNullException.ThrowIfNull(args);
        var index = Array.IndexOf(args, "--role");
        var asked = index >= 0 && index + 1 < args.Length ? args[index + 1] : role;
        return asked == role
            ? null
            : asked switch
            {
                Standalone => "The standalone platform (controller and invoker in one process) is OpenWhisk.Standalone: "
                    + "dotnet src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll (./run.sh starts it).",
                Controller => "A controller alone is OpenWhisk.Controller: dotnet src/Controller/bin/Release/net10.0/OpenWhisk.Controller.dll.",
                _ => $"Unknown role '{asked}'; this executable runs the role '{role}'.",
            };
    }
}
