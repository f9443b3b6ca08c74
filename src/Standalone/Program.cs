using OpenWhisk.Controller.Hosting;
using OpenWhisk.Invoker.Hosting;

// The standalone platform (./run.sh): the controller's API with one invoker in the same process, which the lean
// balancer hands activations to directly. Configuration: config/appsettings.standalone.json, then appsettings.json in
// the working directory, environment variables and the command line.
//   [--port N] [--Section:Key=value ...]   serve the API on http://127.0.0.1:3233 (or N)
//   admin ...                              manage subjects, keys and plugins
return await ControllerApplication.RunAsync(args, ControllerRoles.Standalone, platform => platform.AddOpenWhiskInvoker());
