using System.Globalization;
using System.Text;

namespace AovpnRemediations.Profile.Loading;

/// <summary>One thing wrong with a profile: where (file, JSON path, line/column), what, and how to fix it.</summary>
public sealed record ProfileError(string File, string? JsonPath, int? Line, int? Column, string Message, string Fix)
{
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (Line is { } line)
        {
            text.Append(CultureInfo.InvariantCulture, $":{line}:{Column ?? 1}");
        }

        text.Append(": ");
        if (JsonPath is not null)
        {
            text.Append(JsonPath).Append(": ");
        }

        text.Append(Message);
        if (Fix.Length > 0)
        {
            text.Append(" Fix: ").Append(Fix);
        }

        return text.ToString();
    }
}

/// <summary>A profile (or a file it names) is not usable; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(IReadOnlyList<ProfileError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ProfileException(ProfileError error)
        : this([error])
    {
    }

    public IReadOnlyList<ProfileError> Errors { get; }
}
