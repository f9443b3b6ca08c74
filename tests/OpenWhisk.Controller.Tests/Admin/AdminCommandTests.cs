namespace OpenWhisk.Controller.Tests.Admin;

/// <summary><c>OpenWhisk.Standalone admin ...</c> as an operator runs it: the built standalone, a store of its own.</summary>
[TestFixture]
public sealed class AdminCommandTests
{
    private DirectoryInfo data = null!;

    private string StoreSetting => "--Stores:Sqlite:Path=" + Path.Combine(data.FullName, "openwhisk.db");

    [SetUp]
    public void CreateStore() => data = Directory.CreateTempSubdirectory("ow-admin-");

    [TearDown]
    public void RemoveStore() => data.Delete(recursive: true);

    [Test]
    public async Task A_created_subject_s_key_is_printed_and_read_back()
    {
        var created = await AdminAsync("user", "create", "alice", "--namespace", "team", "--key", "11111111-2222-3333-4444-555555555555:secret", StoreSetting);
        var read = await AdminAsync("user", "get", "alice", StoreSetting);
        var generated = await AdminAsync("user", "create", "bob", StoreSetting);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo((0, "11111111-2222-3333-4444-555555555555:secret\n")));
            Assert.That(read, Is.EqualTo((0, "team\t11111111-2222-3333-4444-555555555555:secret\n")));
            Assert.That(generated.ExitCode, Is.Zero);
            Assert.That(generated.Output.Trim(), Does.Match("^[0-9a-f-]{36}:[A-Za-z0-9]{64}$"));
        });
    }

    [Test]
    public async Task An_unknown_subject_command_or_argument_fails_with_a_message()
    {
        var missing = await AdminAsync("user", "get", "nobody", StoreSetting);
        var unknown = await AdminAsync("user", "frob", StoreSetting);
        var stray = await AdminAsync("user", "get", "alice", "stray", StoreSetting);
        var incomplete = await AdminAsync("user", "create");
        var at = await AdminAsync("user", "create", "@team", "--key", "11111111-2222-3333-4444-555555555555:secret", StoreSetting);

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.EqualTo((1, "subject 'nobody' does not exist\n")));
            Assert.That(unknown.ExitCode, Is.EqualTo(2), "a usage error");
            Assert.That(unknown.Output, Does.Contain("frob").And.Contain("admin --help"));
            Assert.That(incomplete.ExitCode, Is.EqualTo(2), "no subject");
            Assert.That(at.ExitCode, Is.Zero, "a subject starting with @ is a name, not a response file: " + at.Output);
            Assert.That(stray.ExitCode, Is.EqualTo(2));
            Assert.That(stray.Output, Does.Contain("Unrecognized: stray"));
        });
    }

    [Test]
    public async Task The_controller_s_admin_command_manages_the_same_subjects()
    {
        var created = await RunAsync("Controller", "admin", "user", "create", "carol", "--key", "11111111-2222-3333-4444-666666666666:secret", StoreSetting);
        var read = await AdminAsync("user", "get", "carol", StoreSetting);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo((0, "11111111-2222-3333-4444-666666666666:secret\n")));
            Assert.That(read, Is.EqualTo((0, "carol\t11111111-2222-3333-4444-666666666666:secret\n")));
        });
    }

    [Test]
    public async Task The_controller_asked_to_run_the_standalone_exits_with_a_hint_at_the_standalone()
    {
        var refused = await RunAsync("Controller", "--role", "standalone", StoreSetting);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(2));
            Assert.That(refused.Output, Does.Contain("OpenWhisk.Standalone.dll"));
        });
    }

    private Task<(int ExitCode, string Output)> AdminAsync(params string[] arguments) => RunAsync("Standalone", ["admin", .. arguments]);

    private async Task<(int ExitCode, string Output)> RunAsync(string executable, params string[] arguments) =>
        await ExternalCommand.RunAsync(
            "dotnet", [ServiceProcess.AssemblyPath(executable), .. arguments], new Dictionary<string, string>(), data.FullName, TimeSpan.FromMinutes(1));
}
