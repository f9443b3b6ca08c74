using OpenWhisk.Controller.Hosting;

// The controller: OpenWhisk's REST API alone; invokers run as separate services (OpenWhisk.Invoker) and take
// activations over the configured messaging. OpenWhisk.Standalone runs it with an invoker in one process (./run.sh).
//   [--role controller] [--port N] [--Section:Key=value ...]   serve the API
//   admin ...                                                  manage subjects, keys and plugins
return await ControllerApplication.RunAsync(args, ControllerRoles.Controller);
