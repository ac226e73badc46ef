using System.Text.Encodings.Web;

namespace ElbLogProcessor.Events;

/// <summary>How this program writes JSON text: events, templates, the summary.</summary>
internal static class EventJson
{
    /// <summary>
    /// Events go to Logstash, not into HTML: keep non-ASCII as UTF-8 and do not escape
    /// <c>&lt; &gt; &amp; '</c>. JSON's own escapes (quotes, backslash, controls) still apply.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
}
