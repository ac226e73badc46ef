namespace ElbLogProcessor.Parsing;

/// <summary>A client certificate's validity as connection logs write it: <c>NotBefore=&lt;time&gt;;NotAfter=&lt;time&gt;</c>.</summary>
internal static class CertificateValidity
{
    /// <summary>The two times; false when the text is not of that form or either time is empty.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> validity, out ReadOnlySpan<byte> notBefore, out ReadOnlySpan<byte> notAfter)
    {
        notBefore = notAfter = default;
        int separator = validity.IndexOf((byte)';');
        if (separator <= 0 || !validity.StartsWith("NotBefore="u8) || !validity[(separator + 1)..].StartsWith("NotAfter="u8)) return false;
        notBefore = validity["NotBefore=".Length..separator];
        notAfter = validity[(separator + 1 + "NotAfter=".Length)..];
        return !notBefore.IsEmpty && !notAfter.IsEmpty;
    }
}
