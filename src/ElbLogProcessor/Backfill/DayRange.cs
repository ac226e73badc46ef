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
    public static string Folder(DateOnly day) => $"{day.Year:D4}/{day.Month:D2}/{day.Day:D2}/";
}
