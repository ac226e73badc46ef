using System.Text.Json;
using System.Xml.Linq;

namespace ElbLogProcessor.Tests;

/// <summary>What <c>dotnet lambda deploy-function</c> reads must match what is built and must not fight the stack.</summary>
[Trait("Category", Category.Packaging)]
public class DeploymentDefaultsTests
{
    private static readonly JsonElement Defaults = JsonDocument.Parse(RepositoryFiles.ReadText("aws-lambda-tools-defaults.json")).RootElement;

    private static readonly JsonElement Template = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "elb-log-processor.template.json")).RootElement;

    [Fact]
    public void Handler_runtime_and_framework_match_the_built_executable()
    {
        var project = XDocument.Load(RepositoryFiles.Path("src", "ElbLogProcessor", "ElbLogProcessor.csproj"));
        var names = project.Descendants("AssemblyName").ToList();
        // The assembly is ElbLogProcessor; published NativeAOT (what Lambda runs) its executable is bootstrap.
        Assert.Equal(typeof(Program).Assembly.GetName().Name, names.Single(n => n.Attribute("Condition") is null).Value);
        var native = names.Single(n => n.Attribute("Condition") is not null);
        Assert.Equal("'$(PublishAot)' == 'true'", native.Attribute("Condition")!.Value);

        Assert.Equal(native.Value, Defaults.GetProperty("function-handler").GetString());
        Assert.Equal("bootstrap", native.Value);                                               // what provided.al2023 starts
        Assert.Equal("provided.al2023", Defaults.GetProperty("function-runtime").GetString());
        Assert.Equal("Exe", project.Descendants("OutputType").Single().Value);
        Assert.Equal("net10.0", Defaults.GetProperty("framework").GetString());
        Assert.Contains("/p:PublishAot=true", Defaults.GetProperty("msbuild-parameters").GetString());
    }

    [Fact]
    public void It_names_the_stacks_function_and_builds_for_the_stacks_architecture()
    {
        var parameters = Template.GetProperty("Parameters");
        Assert.Equal(parameters.GetProperty("FunctionName").GetProperty("Default").GetString(), Defaults.GetProperty("function-name").GetString());
        Assert.Equal(parameters.GetProperty("Architecture").GetProperty("Default").GetString(), Defaults.GetProperty("function-architecture").GetString());
        var function = Template.GetProperty("Resources").GetProperty("Function").GetProperty("Properties");
        Assert.Equal("FunctionName", function.GetProperty("FunctionName").GetProperty("Ref").GetString());
        Assert.Equal(Defaults.GetProperty("function-handler").GetString(), function.GetProperty("Handler").GetString());
        Assert.Equal(Defaults.GetProperty("function-runtime").GetString(), function.GetProperty("Runtime").GetString());
    }

    [Fact]
    public void Ci_never_prompts_and_names_the_architecture_wherever_the_deploy_command_is_given()
    {
        Assert.True(Defaults.GetProperty("disable-interactive").GetBoolean());
        // Every command line that runs it (a PowerShell line may go on after a backtick).
        var commands = new[] { RepositoryFiles.ReadText("README.md"), RepositoryFiles.ReadText("docs/deployment.md"), RepositoryFiles.ReadText("build.ps1") }
            .SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, @"dotnet lambda deploy-function --config-file[^\n]*\n[^\n]*"))
            .Select(m => m.Value.Split('\n')[0] is var first && first.TrimEnd().EndsWith('`') ? m.Value : first).ToList();
        Assert.Equal(3, commands.Count);
        Assert.All(commands, command =>
        {
            Assert.Contains("--disable-interactive true", command);
            Assert.Contains("--function-architecture", command);
        });
    }

    [Theory]
    [InlineData("environment-variables")]   // would replace the whole environment the stack set
    [InlineData("function-memory-size")]    // would undo the stack's FunctionMemorySize
    [InlineData("function-timeout")]        // would undo the stack's FunctionTimeout (and the margin derived from it)
    [InlineData("function-role")]
    [InlineData("region")]                  // CI's AWS_REGION decides
    [InlineData("profile")]
    public void It_holds_nothing_the_stack_owns(string key) => Assert.False(Defaults.TryGetProperty(key, out _), key);

    [Fact]
    public void It_leaves_the_event_schema_to_the_stack()
    {
        var text = RepositoryFiles.ReadText("aws-lambda-tools-defaults.json");
        Assert.DoesNotContain("EVENT_SCHEMA", text);
        Assert.DoesNotContain("DATA_STREAM_NAMESPACE", text);
        Assert.DoesNotContain("ecs", text.Replace("msbuild", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }
}
