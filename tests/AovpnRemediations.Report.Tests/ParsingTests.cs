using AovpnRemediations.Graph.Tenant;
using AovpnRemediations.Report.Aggregation;
using AovpnRemediations.Report.Graph;
using AovpnRemediations.Report.Parsing;
using AovpnRemediations.Report.Sources;

namespace AovpnRemediations.Report.Tests;

public class ResultLineParserTests
{
    private const string Issue = """{"schema":1,"package":"aovpn-trusted-cas","version":"766d5d82","status":"issue","findings":[{"rule":"AOVPN2001","code":"RootCaMissing","thumbprint":"62029A","subject":"CN=Example Root CA, O=Example, C=GB"}]}""";

    [Fact]
    public void Reads_a_result_line_with_its_findings_and_fields_in_order()
    {
        var line = ResultLineParser.Parse(Issue);
        Assert.Equal(LineKind.Ours, line.Kind);
        Assert.Equal(("aovpn-trusted-cas", "766d5d82", "issue"), (line.Package, line.Version, line.Status));
        var finding = Assert.Single(line.Findings);
        Assert.Equal(("AOVPN2001", "RootCaMissing"), (finding.Rule, finding.Code));
        Assert.Equal(["thumbprint", "subject"], finding.Fields.Select(f => f.Key));
        Assert.Equal("CN=Example Root CA, O=Example, C=GB", finding.Field("subject"));
    }

    [Fact]
    public void Only_the_last_non_blank_line_counts()
    {
        Assert.Equal(LineKind.Ours, ResultLineParser.Parse("WARNING: loading\r\nsomething else\r\n" + Issue + "\r\n\r\n").Kind);
        Assert.Equal(LineKind.NotJson, ResultLineParser.Parse(Issue + "\nWrite-Host noise after the line").Kind);
    }

    [Theory]
    [InlineData("", LineKind.Empty)]
    [InlineData("   \r\n ", LineKind.Empty)]
    [InlineData("Get-WinEvent : No events were found", LineKind.NotJson)]
    [InlineData("{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"status\":\"iss", LineKind.NotJson)]
    [InlineData("{\"Compliant\":true}", LineKind.NotOurs)]
    [InlineData("{\"schema\":2,\"package\":\"aovpn-x\",\"status\":\"ok\"}", LineKind.NotOurs)]
    [InlineData("{\"schema\":1,\"package\":\"aovpn-x\",\"status\":\"maybe\"}", LineKind.NotOurs)]
    [InlineData("{\"schema\":\"1\",\"package\":\"aovpn-x\",\"status\":\"ok\"}", LineKind.NotOurs)]
    [InlineData("[1,2,3]", LineKind.NotJson)]
    public void Classifies_what_is_not_a_result_line_without_throwing(string output, LineKind expected) =>
        Assert.Equal(expected, ResultLineParser.Parse(output).Kind);

    [Fact]
    public void Hostile_input_never_throws_and_values_are_bounded()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        Assert.Equal(LineKind.NotJson, ResultLineParser.Parse("{\"a\":" + deep + "}").Kind);
        var longValue = new string('x', 100_000);
        var line = ResultLineParser.Parse($"{{\"schema\":1,\"package\":\"aovpn-x\",\"status\":\"issue\",\"findings\":[{{\"rule\":\"R\",\"code\":\"C\",\"subject\":\"{longValue}\"}},7,null,{{\"rule\":1}}]}}");
        Assert.Equal(LineKind.Ours, line.Kind);
        Assert.Equal(ResultLineParser.MaxValueLength, Assert.Single(line.Findings).Field("subject")!.Length);
    }

    [Fact]
    public void Reads_remediation_lines_with_actions_errors_and_truncation()
    {
        var line = ResultLineParser.Parse("""{"schema":1,"package":"aovpn-trusted-cas","version":"1","status":"failed","actions":[{"rule":"AOVPN2001","action":"ImportedCertificate","thumbprint":"AA"}],"findings":[],"errors":[{"rule":"AOVPN2002","code":"AccessDenied","message":"Access is denied."}],"truncated":3}""");
        Assert.Equal("failed", line.Status);
        Assert.Equal("ImportedCertificate", Assert.Single(line.Actions).Code);
        Assert.Equal(new LineError("AOVPN2002", "AccessDenied", "Access is denied."), Assert.Single(line.Errors));
        Assert.Equal(3, line.Truncated);
    }

    private const string NotApplicable = """{"schema":1,"package":"aovpn-nps-mfa","version":"325450ef","status":"ok","notApplicable":true,"reason":"feature NPAS not installed (Available)","findings":[]}""";

    [Fact]
    public void Reads_a_not_applicable_line_as_ours_with_its_reason_and_its_own_outcome()
    {
        var line = ResultLineParser.Parse(NotApplicable);
        Assert.Equal(LineKind.Ours, line.Kind);
        Assert.Equal("ok", line.Status);
        Assert.True(line.NotApplicable);
        Assert.Equal("feature NPAS not installed (Available)", line.Reason);
        Assert.Equal("notApplicable", line.Outcome);
        Assert.Equal("ok", ResultLineParser.Parse(Issue.Replace("\"issue\"", "\"ok\"", StringComparison.Ordinal)).Outcome);
    }

    [Fact]
    public void Not_applicable_counts_only_on_an_ok_line_so_it_cannot_hide_an_issue()
    {
        var line = ResultLineParser.Parse(Issue.Replace("\"status\":\"issue\"", "\"status\":\"issue\",\"notApplicable\":true", StringComparison.Ordinal));
        Assert.True(line.NotApplicable);
        Assert.Equal("issue", line.Outcome);
        Assert.False(ResultLineParser.Parse(NotApplicable.Replace("true", "\"yes\"", StringComparison.Ordinal)).NotApplicable);
    }

    [Fact]
    public void A_server_without_the_packages_role_is_counted_apart_from_ok_and_from_unparsable_lines()
    {
        var aggregator = new PackageAggregator(new ManagedScript("s", "aovpn-nps-mfa", "s"), FleetHarness.Now.AddDays(-7), null);
        var ok = """{"schema":1,"package":"aovpn-nps-mfa","version":"325450ef","status":"ok","findings":[]}""";
        foreach (var output in new[] { NotApplicable, NotApplicable, ok, "not json" })
        {
            aggregator.Add(new DeviceRow { DeviceId = Guid.NewGuid().ToString(), LastReport = FleetHarness.Now, PreOutput = output, RemediationOutput = output == NotApplicable ? output : null });
        }

        var report = aggregator.ToReport("runstates", new RunSummary(), []);
        Assert.Equal(2, report.Statuses["notApplicable"]);
        Assert.Equal(1, report.Statuses["ok"]);
        Assert.Equal(1, report.Statuses["notJson"]);
        Assert.Empty(report.Findings);
        Assert.Equal(2, report.Remediation.ScriptResults["notApplicable"]);
        Assert.DoesNotContain("ok", report.Remediation.ScriptResults.Keys);
        Assert.Equal(1, Assert.Single(report.Unparsed).NotJson);
    }
}

public class MessageNormaliserTests
{
    [Theory]
    [InlineData("Could not find file 'C:\\ProgramData\\a\\b-17.log'.", "Could not find file 'D:\\x.log'.")]
    [InlineData("Access to \\\\srv01\\share$\\x denied (0x80070005) for 3 files", "Access to \\\\other\\y denied (0x80004005) for 12 files")]
    [InlineData("Certificate 62029A9A31CF8D42A61C6A1ADC9A5E8F1D2C3B4A expired", "Certificate 1E33524F4874367E4F35C710ADBB98521533B3F9 expired")]
    [InlineData("Device 0000000f-0069-40c3-80ff-00094540215f failed", "Device a0b1c2d3-e4f5-4a6b-8c7d-0e1f2a3b4c5d failed")]
    [InlineData("User CONTOSO\\alice was denied", "User FABRIKAM\\bob was denied")]
    [InlineData("Sign-in of alice@contoso.com failed", "Sign-in of bob@example.net failed")]
    [InlineData("Read /var/log/a.log after 3.5 s", "Read /tmp/b after 10 s")]
    public void Messages_that_differ_only_in_details_share_a_key(string a, string b) =>
        Assert.Equal(MessageNormaliser.Normalise(a), MessageNormaliser.Normalise(b));

    [Fact]
    public void Different_messages_keep_different_keys_and_rule_ids_survive()
    {
        Assert.NotEqual(MessageNormaliser.Normalise("Access is denied."), MessageNormaliser.Normalise("The RPC server is unavailable."));
        Assert.Equal("AOVPN2001 failed after <n> tries (<hex>)", MessageNormaliser.Normalise("AOVPN2001 failed after 3 tries (0x800B0109)"));
    }
}

public class CounterTests
{
    [Fact]
    public void A_bounded_counter_keeps_its_capacity_and_finds_the_heavy_keys()
    {
        var counter = new BoundedCounter(16);
        for (var i = 0; i < 100_000; i++)
        {
            counter.Add(i % 10 == 0 ? "heavy" : $"unique-{i}");
        }

        Assert.Equal(16, counter.Count);
        Assert.False(counter.IsExact);
        var top = counter.Top(1).Single();
        Assert.Equal("heavy", top.Key);
        Assert.InRange(top.Count - top.Error, 1, 10_000); // the guaranteed part never exceeds the true 10,000
        Assert.True(top.Count >= 10_000);
    }

    [Fact]
    public void Exact_while_under_capacity()
    {
        var counter = new BoundedCounter(4);
        counter.Add("a");
        counter.Add("b", 3);
        counter.Add("a");
        Assert.True(counter.IsExact);
        Assert.Equal([("b", 3L), ("a", 2L)], counter.Top().Select(e => (e.Key, e.Count)));
    }

    [Theory]
    [InlineData("809", 809)]
    [InlineData("-2146762487", -2146762487)]
    [InlineData("2148204809", -2146762487)]
    [InlineData("0x800B0109", -2146762487)]
    [InlineData("0", 0)]
    public void Error_codes_in_every_written_form(string text, long expected)
    {
        Assert.True(ErrorCodeValue.TryParse(text, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public void Unparsable_error_codes_are_refused(string text) => Assert.False(ErrorCodeValue.TryParse(text, out _));

    [Fact]
    public void State_columns_in_every_form()
    {
        Assert.Equal(DetectionState.Fail, RunStateNames.Detection("With issues"));
        Assert.Equal(DetectionState.Fail, RunStateNames.Detection("fail"));
        Assert.Equal(DetectionState.ScriptError, RunStateNames.Detection("3"));
        Assert.Equal(RemediationState.Success, RunStateNames.Remediation("Issue fixed"));
        Assert.Equal(RemediationState.RemediationFailed, RunStateNames.Remediation("remediationFailed"));
    }
}

public class ResultLineCacheTests
{
    private static readonly string[] Outputs =
    [
        """{"schema":1,"package":"aovpn-trusted-cas","version":"766d5d82","status":"ok","findings":[]}""",
        """{"schema":1,"package":"aovpn-trusted-cas","version":"766d5d82","status":"issue","findings":[{"rule":"AOVPN2001","code":"RootCaMissing","thumbprint":"62029A"}]}""",
        "WARNING: loading\r\n{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"status\":\"ok\",\"findings\":[]}\r\n",
        "Get-WinEvent : No events were found",
        """{"Compliant":true}""",
        "",
    ];

    [Fact]
    public void A_cached_line_reads_as_the_parser_reads_it_and_a_repeated_line_is_read_once()
    {
        var cache = new ResultLineCache();
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var output in Outputs)
            {
                var cached = cache.Parse(output);
                var parsed = ResultLineParser.Parse(output);
                Assert.Equal((parsed.Kind, parsed.Package, parsed.Version, parsed.Status, parsed.Raw), (cached.Kind, cached.Package, cached.Version, cached.Status, cached.Raw));
                Assert.Equal(parsed.Findings.Select(f => (f.Rule, f.Code, string.Join(";", f.Fields))), cached.Findings.Select(f => (f.Rule, f.Code, string.Join(";", f.Fields))));
            }
        }

        // Kept from the second sighting: the third read of a line is the object the second one made.
        Assert.Same(cache.Parse(Outputs[1]), cache.Parse(Outputs[1]));
    }

    [Fact]
    public void A_full_cache_that_still_serves_keeps_its_lines_instead_of_starting_over()
    {
        var cache = new ResultLineCache();
        static string Line(string tag, int i) => $"{{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"status\":\"issue\",\"findings\":[{{\"rule\":\"AOVPN2001\",\"code\":\"RootCaMissing\",\"thumbprint\":\"{tag}{i:X8}\"}}]}}";

        // Each line is a new string, as the export reader hands over an output it does not share: found by its text.
        var first = Line("A", 0);
        cache.Parse(first);
        var kept = cache.Parse(new string(first));
        for (var i = 1; i < ResultLineCache.MaxLines; i++)
        {
            cache.Parse(Line("A", i));
            cache.Parse(Line("A", i));
        }

        for (var i = 0; i < 8; i++)
        {
            Assert.Same(kept, cache.Parse(new string(first)));
        }

        // Lines repeated once the cache is full are read right but not kept, and the kept ones stay.
        for (var i = 0; i < 200; i++)
        {
            cache.Parse(Line("B", i));
            Assert.Equal($"B{i:X8}", cache.Parse(Line("B", i)).Findings.Single().Field("thumbprint"));
        }

        Assert.Same(kept, cache.Parse(new string(first)));
    }

    [Fact]
    public void Lines_every_device_sends_differently_keep_the_cache_bounded_and_still_read_right()
    {
        var cache = new ResultLineCache();
        for (var i = 0; i < (ResultLineCache.MaxLines * 3) + 7; i++)
        {
            var output = $"{{\"schema\":1,\"package\":\"aovpn-trusted-cas\",\"status\":\"issue\",\"findings\":[{{\"rule\":\"AOVPN2001\",\"code\":\"RootCaMissing\",\"thumbprint\":\"{i:X8}\"}}]}}";
            Assert.Equal($"{i:X8}", cache.Parse(output).Findings.Single().Field("thumbprint"));
            Assert.Equal($"{i:X8}", cache.Parse(output).Findings.Single().Field("thumbprint"));
        }
    }
}

public class RunStateTimeTests
{
    [Theory]
    [InlineData("2026-01-14T21:06:00")]
    [InlineData("2026-02-28T23:59:59")]
    [InlineData("2024-02-29T00:00:00")]
    [InlineData("2025-02-29T00:00:00")]
    [InlineData("2026-13-01T00:00:00")]
    [InlineData("2026-01-01T24:00:00")]
    [InlineData("1601-01-01T00:00:00")]
    [InlineData("2026-01-14T21:06:00Z")]
    [InlineData("2026-01-14T21:06:00.1234567+02:00")]
    [InlineData("2026-01-14 21:06:00")]
    [InlineData("2026-0a-14T21:06:00")]
    [InlineData("  ")]
    public void The_export_time_shape_reads_as_the_general_ISO_formats_read_it(string text)
    {
        const System.Globalization.DateTimeStyles Utc = System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal;
        string[] formats = ["yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK"];
        DateTimeOffset? expected = !string.IsNullOrWhiteSpace(text)
            && (DateTimeOffset.TryParseExact(text, formats, System.Globalization.CultureInfo.InvariantCulture, Utc, out var time)
                || DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, Utc, out time))
            && time.Year > 1601 ? time : null;
        Assert.Equal(expected, RunStateNames.Time(text));
        Assert.Equal(expected?.Offset, RunStateNames.Time(text.AsSpan())?.Offset);
    }
}
