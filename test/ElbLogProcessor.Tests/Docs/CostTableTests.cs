using System.Globalization;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The README's cost table recomputed from its CPU figures, column by column, with the price, the share of
/// a vCPU and the monthly volume the text states (the table once said $58 where its own columns gave 5.8 ¢).
/// </summary>
[Trait("Category", Category.Docs)]
public partial class CostTableTests
{
    private static readonly string Section = Markdown.Section(RepositoryFiles.ReadText("README.md"), "Performance and cost");

    [Fact]
    public void Every_column_follows_from_the_cpu_seconds()
    {
        double price = Markdown.Parse(Price().Match(Section).Groups[1].Value);
        var share = VcpuShare().Match(Section);
        double memory = Markdown.Parse(share.Groups[1].Value), fullVcpu = Markdown.Parse(share.Groups[2].Value);
        double billionsPerMonth = Markdown.Parse(Monthly().Groups[2].Value);
        var rows = Markdown.Table(Section, "settings");

        Assert.Equal(0.0000133334, price);   // arm64, the first tier, per GB-second
        Assert.Equal((1024.0, 1769.0), (memory, fullVcpu));   // Lambda allots one full vCPU at 1,769 MB
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            double cpu = Markdown.Parse(row[1]);
            double seconds = cpu * fullVcpu / memory;   // CPU-bound: as long as its CPU at this share of a vCPU
            double gbSeconds = seconds * 1000 * (memory / 1024);   // a billion lines is 1,000 times a million
            double cents = gbSeconds * price * 100;
            double dollarsPerMonth = cents / 100 * billionsPerMonth;
            string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

            Assert.Equal(Format($"{seconds:F2} s"), row[2]);
            Assert.Equal(Format($"{gbSeconds:N0}"), row[3]);
            Assert.Equal(Format($"{cents:F1} ¢"), row[4]);
            Assert.Equal(Format($"${dollarsPerMonth:F2}"), row[5]);
        }
    }

    [Fact]
    public void The_cpu_seconds_are_the_measured_ones_and_the_month_is_the_stated_rate()
    {
        var measured = Markdown.Table(Section, "measured");
        var cpuRow = measured.Single(r => r[0] == "CPU-s per 1 M lines");
        var cost = Markdown.Table(Section, "settings");
        var header = Markdown.Header(Section, "measured");

        foreach (var row in cost)
        {
            int column = Array.IndexOf(header, row[0]);
            Assert.True(column >= 1, $"'{row[0]}' is not a column of the measured table");
            Assert.Equal(cpuRow[column], row[1]);
        }

        var rate = Monthly();
        double linesPerSecond = Markdown.Parse(rate.Groups[1].Value);
        Assert.Equal(Markdown.Parse(rate.Groups[2].Value), linesPerSecond * 86_400 * 30 / 1e9, 2);   // a 30-day month
    }

    [GeneratedRegex(@"\$(0\.\d+) per GB-second")]
    private static partial Regex Price();

    [GeneratedRegex(@"(\d[\d,]*) MB is \1/(\d[\d,]*) of a vCPU")]
    private static partial Regex VcpuShare();

    private static Match Monthly()
    {
        var match = MonthlyVolume().Match(Section);
        Assert.True(match.Success, "the monthly volume is not stated as 'serve N requests a second in all (X billion lines a month)'");
        return match;
    }

    // "... serve 10,000 requests a second in all (25.92 billion lines a month)"
    [GeneratedRegex(@"serve (\d[\d,]*) requests a second in all \((\d+(?:\.\d+)?) billion lines a month\)")]
    private static partial Regex MonthlyVolume();
}
