using System.Diagnostics;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// Debian's Chromium, headless: loads a page, runs its scripts (waiting for their fetches) and returns the DOM they
/// left. Browser tests are skipped without Chromium outside CI and fail without it in CI (./test.sh installs it).
/// </summary>
internal static class HeadlessBrowser
{
    private const string Executable = ChromiumRequirement.Executable;

    public static async Task<string> RenderAsync(Uri page)
    {
        ChromiumRequirement.Require();

        var profile = Directory.CreateTempSubdirectory("ow-chromium-");
        try
        {
            var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--user-data-dir=" + profile.FullName, "--virtual-time-budget=10000", "--dump-dom", page.ToString(),
            })
            {
                info.ArgumentList.Add(argument);
            }

            using var browser = Process.Start(info)!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            var errors = browser.StandardError.ReadToEndAsync();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await browser.WaitForExitAsync(timeout.Token);
                Assert.That(browser.ExitCode, Is.Zero, "chromium failed: " + await errors.WaitAsync(TimeSpan.FromSeconds(10)));

                // Helper processes that inherited the pipe could hold it open: never wait on them for long.
                return await dom.WaitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                if (!browser.HasExited)
                {
                    browser.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
