namespace ElbLogProcessor.Backfill;

/// <summary>UTC days from <see cref="From"/> to <see cref="To"/>, both included: the <c>yyyy/mm/dd</c> folders of ELB's key layout to list.</summary>
internal sealed record DayRange(DateOnly From, DateOnly To)
{
    /// <summary>More days than this is surely a typo in a year.</summary>
    public const int MaxDays = 3660;

    public IEnumerable<DateOnly> Days()
    {
        for (var day = From; day <= To; day = day.AddDays(1)) yield return day;
    }

    /// <summary>The folder of <paramref name="day"/> below a prefix that holds year folders.</summary>
    /// <param name="day">The day.</param>
    /// <param name="hive">The Hive-compatible layout a vended delivery may use: <c>year=2026/month=09/day=10/</c>.</param>
    public static string Folder(DateOnly day, bool hive = false) => hive
        ? $"year={day.Year:D4}/month={day.Month:D2}/day={day.Day:D2}/"
        : $"{day.Year:D4}/{day.Month:D2}/{day.Day:D2}/";
}
