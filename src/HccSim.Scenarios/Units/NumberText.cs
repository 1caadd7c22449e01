using System.Globalization;

namespace HccSim.Scenarios.Units;

/// <summary>
/// Only ASCII digits are digits. .NET's <c>\d</c> and <c>char.IsDigit</c> take every script's digits (١٠, १०, １０)
/// and <c>Trim</c> and <c>\s</c> take a no-break space; a number read from a scenario must be what it looks like in
/// any editor, so a character of another script in a number is named, by its code point, rather than guessed at.
/// </summary>
internal static class NumberText
{
    /// <summary>
    /// Why <paramref name="text"/> cannot be a number because of a character outside ASCII that looks like part of one
    /// (a digit of another script, a space or sign that is not ASCII); null when there is none.
    /// </summary>
    public static string? NotAscii(string text)
        => Foreign(text) is var (c, instead) ? $"number '{Shown(text)}' holds {CodePoint(c)}, not {instead}" : null;

    /// <summary>The first character of <paramref name="text"/> that looks like part of a number but is not ASCII, and what it stands in for.</summary>
    public static (char Character, string Instead)? Foreign(string text)
    {
        foreach (char c in text)
        {
            if (c < 0x80) continue;
            var category = char.GetUnicodeCategory(c);
            string? instead = category switch
            {
                UnicodeCategory.DecimalDigitNumber or UnicodeCategory.OtherNumber or UnicodeCategory.LetterNumber => "an ASCII digit",
                UnicodeCategory.SpaceSeparator or UnicodeCategory.Format or UnicodeCategory.Control => "an ASCII space",
                UnicodeCategory.DashPunctuation or UnicodeCategory.MathSymbol => "an ASCII sign",
                _ when c is '\uFF0E' or '\uFF0C' or '\u066B' or '\u066C' or '\u00B7' => "an ASCII '.'",
                _ => null,
            };
            if (instead is not null) return (c, instead);
        }
        return null;
    }

    /// <summary>"U+FF11 (FULLWIDTH DIGIT ONE)" for the characters people paste into numbers; else "U+XXXX".</summary>
    public static string CodePoint(char c)
    {
        string code = $"U+{(int)c:X4}";
        return Name(c) is { } name ? $"{code} ({name})" : code;
    }

    private static readonly string[] DigitNames = { "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE" };

    private static string? Name(char c) => c switch
    {
        >= '\uFF10' and <= '\uFF19' => $"FULLWIDTH DIGIT {DigitNames[c - '\uFF10']}",
        >= '\u0660' and <= '\u0669' => $"ARABIC-INDIC DIGIT {DigitNames[c - '\u0660']}",
        >= '\u06F0' and <= '\u06F9' => $"EXTENDED ARABIC-INDIC DIGIT {DigitNames[c - '\u06F0']}",
        >= '\u0966' and <= '\u096F' => $"DEVANAGARI DIGIT {DigitNames[c - '\u0966']}",
        >= '\u09E6' and <= '\u09EF' => $"BENGALI DIGIT {DigitNames[c - '\u09E6']}",
        '\u00A0' => "NO-BREAK SPACE",
        '\u202F' => "NARROW NO-BREAK SPACE",
        '\u2009' => "THIN SPACE",
        '\u2007' => "FIGURE SPACE",
        '\u3000' => "IDEOGRAPHIC SPACE",
        '\u200B' => "ZERO WIDTH SPACE",
        '\uFEFF' => "ZERO WIDTH NO-BREAK SPACE",
        '\u2212' => "MINUS SIGN",
        '\u2013' => "EN DASH",
        '\uFF0E' => "FULLWIDTH FULL STOP",
        '\u066B' => "ARABIC DECIMAL SEPARATOR",
        _ => null,
    };

    /// <summary>The text with characters that do not print shown by code, so the quote shows what is really there.</summary>
    private static string Shown(string text)
    {
        string t = text.Length > 40 ? text[..37] + "…" : text;
        return string.Concat(t.Select(c => char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control ? $"<U+{(int)c:X4}>" : c.ToString()));
    }
}
