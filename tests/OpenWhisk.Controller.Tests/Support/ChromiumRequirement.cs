namespace OpenWhisk.Controller.Tests.Support;

/// <summary>Debian's Chromium for the browser tests: they are skipped without it outside CI and fail without it in CI (./test.sh installs it).</summary>
internal static class ChromiumRequirement
{
    public const string Executable = "/usr/bin/chromium";

    public static void Require()
    {
        if (File.Exists(Executable))
        {
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail("Chromium is required in CI: " + Executable + " does not exist");
        }

        Assert.Ignore("Chromium is not installed; ./test.sh installs it.");
    }
}
