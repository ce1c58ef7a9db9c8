using System.Globalization;
using System.Net;
using System.Text;

namespace AovpnRemediations.Report.Output;

/// <summary>
/// Small inline SVG charts (no script, no external anything). Every label is HTML-encoded; bars and points carry
/// <c>data-label</c>/<c>data-value</c> so the page can be checked after rendering.
/// </summary>
public static class SvgCharts
{
    public sealed record Bar(string Label, long Value, string? Title = null);

    public sealed record Series(string Name, string Colour, IReadOnlyList<long> Values);

    private static readonly string[] Palette = ["#2b6cb0", "#c05621", "#2f855a", "#b7791f", "#6b46c1", "#c53030", "#2c7a7b", "#4a5568"];

    /// <summary>Horizontal bars, largest first as given; an empty list gives a short "nothing to show" note.</summary>
    public static string Bars(string id, string title, IReadOnlyList<Bar> bars, string colour = "#2b6cb0")
    {
        var sb = new StringBuilder();
        const int labelWidth = 330, barArea = 380, rowHeight = 24, top = 8;
        var height = top + Math.Max(1, bars.Count) * rowHeight + 8;
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{Encode(id)}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Encode(title)}\" width=\"{labelWidth + barArea + 90}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barArea + 90} {height}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Encode(title)}</title>");
        if (bars.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"0\" y=\"{top + 14}\">Nothing to show.</text></svg>");
            return sb.ToString();
        }

        var max = Math.Max(1, bars.Max(b => b.Value));
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + (i * rowHeight);
            var width = bar.Value <= 0 ? 0 : Math.Max(2, (int)Math.Round(barArea * (double)bar.Value / max));
            // 330 px of label column holds about 44 characters of the chart font; the full label stays in the tooltip.
            var label = bar.Label.Length > 44 ? bar.Label[..41] + "..." : bar.Label;
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-label=\"{Encode(bar.Label)}\" data-value=\"{bar.Value}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{Encode(bar.Title ?? bar.Label)}: {bar.Value:N0}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{Encode(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{rowHeight - 6}\" fill=\"{colour}\" rx=\"2\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{labelWidth + width + 6}\" y=\"{y + 16}\">{bar.Value:N0}</text>");
            sb.Append("</g>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>One stacked bar of shares (device results), with a legend.</summary>
    public static string Stacked(string id, string title, IReadOnlyList<Bar> parts)
    {
        const int width = 800, barHeight = 28;
        var total = Math.Max(1, parts.Sum(p => p.Value));
        var legendRows = (parts.Count + 3) / 4;
        var height = barHeight + 12 + (legendRows * 22);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{Encode(id)}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Encode(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{Encode(title)}</title>");
        double x = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            var w = width * (double)part.Value / total;
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"segment\" data-label=\"{Encode(part.Label)}\" data-value=\"{part.Value}\"><title>{Encode(part.Label)}: {part.Value:N0}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"0\" width=\"{w:0.##}\" height=\"{barHeight}\" fill=\"{Colour(part.Label, i)}\"/></g>");
            x += w;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var lx = (i % 4) * 200;
            var ly = barHeight + 12 + ((i / 4) * 22);
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"{Colour(parts[i].Label, i)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{lx + 18}\" y=\"{ly + 11}\">{Encode(parts[i].Label)} {parts[i].Value:N0}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A line chart over days, one polyline per series, with a y-axis scale and a legend.</summary>
    public static string Lines(string id, string title, IReadOnlyList<string> days, IReadOnlyList<Series> series)
    {
        const int width = 800, height = 240, left = 50, right = 10, top = 10, bottom = 50;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" id=\"{Encode(id)}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"{Encode(title)}\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{Encode(title)}</title>");
        if (days.Count == 0)
        {
            sb.Append("<text class=\"empty\" x=\"0\" y=\"20\">No history yet.</text></svg>");
            return sb.ToString();
        }

        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        double X(int i) => left + (days.Count == 1 ? plotWidth / 2.0 : plotWidth * i / (double)(days.Count - 1));
        double Y(long v) => top + plotHeight - (plotHeight * (double)v / max);
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{width - right}\" y2=\"{top + plotHeight}\" stroke=\"#999\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"#999\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\">{max:N0}</text><text x=\"{left - 6}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{top + plotHeight + 16}\">{Encode(days[0])}</text><text x=\"{width - right}\" y=\"{top + plotHeight + 16}\" text-anchor=\"end\">{Encode(days[^1])}</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var points = string.Join(' ', series[s].Values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X(i):0.#},{Y(v):0.#}")));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" data-label=\"{Encode(series[s].Name)}\" data-points=\"{series[s].Values.Count}\" fill=\"none\" stroke=\"{series[s].Colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            var lx = left + (s * 200);
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"{series[s].Colour}\"/><text x=\"{lx + 18}\" y=\"{height - 7}\">{Encode(series[s].Name)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Colour(string label, int index) => label switch
    {
        "ok" => "#2f855a",
        "issue" => "#c05621",
        "error" => "#c53030",
        "pending" => "#a0aec0",
        "notApplicable" => "#cbd5e0",
        "noOutput" => "#e2e8f0",
        "notJson" => "#6b46c1",
        "notOurs" => "#2c7a7b",
        "stale" => "#718096",
        _ => Palette[index % Palette.Length],
    };

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
