using System.Globalization;
using System.Management.Automation;

namespace AovpnRemediations.Behaviour.Tests;

/// <summary>
/// test.sh runs this suite again under other time zones and cultures (AOVPN_TEST_TZ, AOVPN_TEST_CULTURE): these
/// make sure such a run really is in that zone and culture, in .NET and in the PowerShell the scripts run in, rather
/// than passing in UTC and the invariant culture without anyone noticing.
/// </summary>
public class EnvironmentTests
{
    [Fact]
    public void The_suite_runs_in_the_time_zone_it_was_asked_for()
    {
        var wanted = Environment.GetEnvironmentVariable("AOVPN_TEST_TZ");
        if (string.IsNullOrEmpty(wanted))
        {
            return;
        }

        Assert.Equal(wanted, TimeZoneInfo.Local.Id);
        Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc)));
        var offset = InPowerShell("[System.TimeZoneInfo]::Local.GetUtcOffset([datetime]::SpecifyKind([datetime]'2026-06-01T10:00:00', 'Utc')).TotalMinutes");
        Assert.Equal(TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc)).TotalMinutes.ToString(CultureInfo.InvariantCulture), offset);
    }

    [Fact]
    public void The_suite_runs_in_the_culture_it_was_asked_for()
    {
        var wanted = Environment.GetEnvironmentVariable("AOVPN_TEST_CULTURE");
        if (string.IsNullOrEmpty(wanted))
        {
            return;
        }

        Assert.Equal(wanted, CultureInfo.CurrentCulture.Name);
        Assert.Equal(wanted, InPowerShell("[System.Globalization.CultureInfo]::CurrentCulture.Name"));
    }

    private static string InPowerShell(string script)
    {
        using var powershell = PowerShell.Create();
        return string.Join("|", powershell.AddScript(script).Invoke().Select(o => o.ToString()));
    }
}
