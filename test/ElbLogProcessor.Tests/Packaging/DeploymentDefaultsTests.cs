using System.Text.Json;
using System.Xml.Linq;

namespace ElbLogProcessor.Tests;

/// <summary>What <c>dotnet lambda deploy-function</c> reads must match what is built.</summary>
[Trait("Category", Category.Packaging)]
public class DeploymentDefaultsTests
{
    private static JsonElement Defaults() => JsonDocument.Parse(
        RepositoryFiles.ReadText("aws-lambda-tools-defaults.json")).RootElement;

    [Fact]
    public void Handler_runtime_and_framework_match_the_built_executable()
    {
        var defaults = Defaults();
        var project = XDocument.Load(RepositoryFiles.Path("src", "ElbLogProcessor", "ElbLogProcessor.csproj"));
        var assemblyName = project.Descendants("AssemblyName").Single().Value;

        Assert.Equal(assemblyName, defaults.GetProperty("function-handler").GetString());
        Assert.Equal(typeof(Program).Assembly.GetName().Name, assemblyName);
        Assert.DoesNotContain("::", defaults.GetProperty("function-handler").GetString());   // an executable, not a class library
        Assert.Equal("Exe", project.Descendants("OutputType").Single().Value);
        Assert.Equal("dotnet10", defaults.GetProperty("function-runtime").GetString());
        Assert.Equal("net10.0", defaults.GetProperty("framework").GetString());
        Assert.Equal("arm64", defaults.GetProperty("function-architecture").GetString());
    }

    [Fact]
    public void Memory_and_timeout_are_within_lambda_limits_and_the_environment_is_valid()
    {
        var defaults = Defaults();
        Assert.InRange(defaults.GetProperty("function-memory-size").GetInt32(), 128, 10_240);
        Assert.InRange(defaults.GetProperty("function-timeout").GetInt32(), 1, 900);
        var variables = defaults.GetProperty("environment-variables").GetString()!.Split(';')
            .Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var options = Configuration.FunctionOptions.Load(name => variables.GetValueOrDefault(name));
        Assert.NotNull(options.Logstash);
    }
}
