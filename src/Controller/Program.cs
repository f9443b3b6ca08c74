using OpenWhisk.Controller.Admin;
using OpenWhisk.Controller.Hosting;

// The controller: OpenWhisk's REST API alone; invokers run as separate services (OpenWhisk.Invoker) and take
// activations over the configured messaging. OpenWhisk.Standalone runs it with an invoker in one process (./run.sh).
//   [--role controller] [--port N] [--Section:Key=value ...]   serve the API
//   admin ...                                                  manage subjects, keys and plugins
if (args is ["admin", ..])
{
    return await AdminCommand.RunAsync(args, ControllerRoles.Controller);
}

if (ControllerRoles.Refusal(args, ControllerRoles.Controller) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}

await ControllerApplication.Build(args, ControllerRoles.Controller).RunAsync();
return 0;
