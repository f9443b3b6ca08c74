using OpenWhisk.Controller.Admin;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Invoker.Hosting;

// The standalone platform (./run.sh): the controller's API with one invoker in the same process, which the lean
// balancer hands activations to directly. Configuration: config/appsettings.standalone.json, then appsettings.json in
// the working directory, environment variables and the command line.
//   [--port N] [--Section:Key=value ...]   serve the API on http://127.0.0.1:3233 (or N)
//   admin ...                              manage subjects, keys and plugins
if (args is ["admin", ..])
{
    return await AdminCommand.RunAsync(args, ControllerRoles.Standalone);
}

if (ControllerRoles.Refusal(args, ControllerRoles.Standalone) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 2;
}

await ControllerApplication.Build(args, ControllerRoles.Standalone, platform => platform.AddOpenWhiskInvoker()).RunAsync();
return 0;
