using Microsoft.Playwright;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (no browser download: <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>
/// points at the system's). Skipped without Chromium outside CI; fails without it in CI (./test.sh installs it).
/// Screenshots go to <c>artifacts/console/</c> of the repository and are attached to the test.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    private const string Executable = ChromiumRequirement.Executable;

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /// <summary>Gets the folder screenshots are saved in.</summary>
    public static string ScreenshotDirectory => Path.Combine(ServiceProcess.RepositoryRoot(), "artifacts", "console");

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        ChromiumRequirement.Require();

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                ],
            });
            return new ConsoleBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a new page (its own context: own session storage) of the given width.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                TestContext.Out.WriteLine("browser console error: " + message.Text);
            }
        };
        page.PageError += (_, error) => TestContext.Out.WriteLine("page error: " + error);
        return page;
    }

    /// <summary>Saves a full-page screenshot as <c>artifacts/console/&lt;name&gt;.png</c> and attaches it to the test.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
