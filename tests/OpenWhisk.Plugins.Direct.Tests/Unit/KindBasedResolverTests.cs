using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OpenWhisk.Plugins.Direct.Tests.Support;
using OpenWhisk.Plugins.KindBased;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Plugins.Direct.Tests.Unit;

[TestFixture]
public sealed class KindBasedResolverTests
{
    private readonly NamedBalancer lean = new("lean");
    private readonly NamedBalancer kafka = new("kafka");
    private readonly NamedBalancer direct = new("direct", action => action.Limits.Concurrency > 1);

    [Test]
    public void Routes_each_mapped_kind_to_its_balancer_and_every_other_kind_to_the_default()
    {
        var resolver = Resolver(Settings("kafka", ("nodejs:20", "direct"), ("blackbox", "kafka"), ("python:3", "lean")));

        Assert.Multiple(() =>
        {
            Assert.That(resolver.Resolve(Action("nodejs:20", concurrency: 10)), Is.SameAs(direct));
            Assert.That(resolver.Resolve(Action("blackbox")), Is.SameAs(kafka));
            Assert.That(resolver.Resolve(Action("python:3")), Is.SameAs(lean));
            Assert.That(resolver.Resolve(Action("java:8")), Is.SameAs(kafka));
            Assert.That(resolver.BalancerNames, Is.EquivalentTo(new[] { "kafka", "direct", "lean" }));
        });
    }

    [Test]
    public void Sends_an_action_its_mapped_balancer_refuses_to_the_default()
    {
        var resolver = Resolver(Settings("lean", ("nodejs:20", "direct")));

        Assert.That(resolver.Resolve(Action("nodejs:20", concurrency: 1)), Is.SameAs(lean));
    }

    [Test]
    public void Follows_the_balancer_annotation_only_when_the_operator_allows_it()
    {
        var annotated = Action("python:3", concurrency: 5) with { Annotations = [KeyValue.Of("balancer", "direct")] };
        var settings = Settings("lean", ("nodejs:20", "direct"));
        var denied = Resolver(settings);
        settings.AllowAnnotation = true;
        var allowed = Resolver(settings);

        Assert.Multiple(() =>
        {
            Assert.That(denied.Resolve(annotated), Is.SameAs(lean));
            Assert.That(allowed.Resolve(annotated), Is.SameAs(direct));
            Assert.That(allowed.Resolve(annotated with { Annotations = [KeyValue.Of("balancer", "kafka")] }), Is.SameAs(lean), "kafka is not one of the configured balancers");
            Assert.That(allowed.Resolve(annotated with { Limits = new ActionLimits { Concurrency = 1 } }), Is.SameAs(lean), "direct refuses it");
        });
    }

    [Test]
    public void Fails_at_startup_with_the_names_of_unknown_balancers()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolver(Settings("lean", ("nodejs:20", "dirct"))));

        Assert.That(error!.Message, Does.Contain("LoadBalancer:Kinds:0:Balancer names 'dirct'").And.Contain("installed: direct, kafka, lean"));
    }

    [Test]
    public void Fails_at_startup_when_a_kind_is_mapped_twice()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolver(Settings("lean", ("nodejs:20", "direct"), ("nodejs:20", "kafka"))));

        Assert.That(error!.Message, Does.Contain("maps kind 'nodejs:20' twice"));
    }

    [Test]
    public void Fails_at_startup_when_the_default_is_not_installed()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolver(Settings("sharding")));

        Assert.That(error!.Message, Does.Contain("LoadBalancer:Default names 'sharding'"));
    }

    [Test]
    public void Reads_the_kind_map_from_environment_variables()
    {
        var prefix = "OWTEST" + Guid.NewGuid().ToString("N")[..6] + "_";
        Environment.SetEnvironmentVariable(prefix + "LoadBalancer__Default", "kafka");
        Environment.SetEnvironmentVariable(prefix + "LoadBalancer__Kinds__0__Kind", "nodejs:20");
        Environment.SetEnvironmentVariable(prefix + "LoadBalancer__Kinds__0__Balancer", "direct");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var settings = configuration.GetSection("LoadBalancer").Get<KindBasedResolverOptions>()!;

            var resolver = Resolver(settings);

            Assert.Multiple(() =>
            {
                Assert.That(resolver.Resolve(Action("nodejs:20", concurrency: 4)), Is.SameAs(direct));
                Assert.That(resolver.Resolve(Action("python:3")), Is.SameAs(kafka));
            });
        }
        finally
        {
            foreach (var name in new[] { "LoadBalancer__Default", "LoadBalancer__Kinds__0__Kind", "LoadBalancer__Kinds__0__Balancer" })
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    private static KindBasedResolverOptions Settings(string fallback, params (string Kind, string Balancer)[] kinds)
    {
        var settings = new KindBasedResolverOptions { Default = fallback };
        foreach (var (kind, balancer) in kinds)
        {
            settings.Kinds.Add(new KindBalancer { Kind = kind, Balancer = balancer });
        }

        return settings;
    }

    private static WhiskAction Action(string kind, int concurrency = 1) => new()
    {
        Namespace = "guest",
        Name = "a",
        Version = SemVer.Initial,
        Exec = new ActionExec { Kind = kind, Code = kind == "blackbox" ? null : "x", Image = kind == "blackbox" ? "me/image" : null },
        Limits = new ActionLimits { Concurrency = concurrency },
        Updated = 1,
    };

    private KindBasedResolver Resolver(KindBasedResolverOptions settings) =>
        new(new NamedBalancers(lean, kafka, direct), Options.Create(settings));
}
