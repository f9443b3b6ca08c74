using OpenWhisk.Controller.Hosting;

namespace OpenWhisk.Controller.Tests.Hosting;

public sealed class ControllerRolesTests
{
    [TestCase(ControllerRoles.Controller)]
    [TestCase(ControllerRoles.Standalone)]
    public void An_executable_runs_its_own_role_without_a_role_argument_or_with_it_repeated(string role)
    {
        Assert.Multiple(() =>
        {
            Assert.That(ControllerRoles.Refusal(["--port", "3233"], role), Is.Null);
            Assert.That(ControllerRoles.Refusal(["--role", role, "--port", "3233"], role), Is.Null);
        });
    }

    [Test]
    public void The_controller_asked_for_the_standalone_role_points_at_the_standalone_executable()
    {
        var refusal = ControllerRoles.Refusal(["--role", ControllerRoles.Standalone], ControllerRoles.Controller);

        Assert.That(refusal, Does.Contain("OpenWhisk.Standalone.dll").And.Contain("./run.sh"));
    }

    [Test]
    public void The_standalone_asked_for_the_controller_role_points_at_the_controller_executable()
    {
        var refusal = ControllerRoles.Refusal(["--role", ControllerRoles.Controller], ControllerRoles.Standalone);

        Assert.That(refusal, Does.Contain("OpenWhisk.Controller.dll"));
    }

    [Test]
    public void An_unknown_role_is_refused_by_name()
    {
        var refusal = ControllerRoles.Refusal(["--role", "invoker"], ControllerRoles.Controller);

        Assert.That(refusal, Does.Contain("Unknown role 'invoker'").And.Contain("'controller'"));
    }
}
