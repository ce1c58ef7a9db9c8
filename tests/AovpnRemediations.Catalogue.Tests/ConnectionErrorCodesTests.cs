using AovpnRemediations.Catalogue.KnowledgeBase;

namespace AovpnRemediations.Catalogue.Tests;

public class ConnectionErrorCodesTests
{
    public static TheoryData<int> Codes => [.. ConnectionErrorCodes.All.Select(e => e.Code)];

    [Fact]
    public void Holds_at_least_25_codes_including_the_ones_AOVPN_engineers_meet_most()
    {
        Assert.True(ConnectionErrorCodes.All.Count >= 25, $"{ConnectionErrorCodes.All.Count} codes");
        int[] required = [0, 691, 703, 720, 798, 800, 809, 812, 827, 834, 853, 858, 859, 862, 864, 868, 13801, 13806, 13809, 13847, 13848, 13868,
            unchecked((int)0x800B0101), unchecked((int)0x800B0109), unchecked((int)0x80070040)];
        Assert.All(required, code => Assert.NotNull(ConnectionErrorCodes.Find(code)));
    }

    [Fact]
    public void Has_no_duplicate_codes_or_symbols()
    {
        Assert.Equal(ConnectionErrorCodes.All.Count, ConnectionErrorCodes.All.Select(e => e.Code).Distinct().Count());
        Assert.Equal(ConnectionErrorCodes.All.Count, ConnectionErrorCodes.All.Select(e => e.Symbol).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_entry_is_complete(int code)
    {
        var entry = ConnectionErrorCodes.Find(code)!;
        Assert.Matches("^[A-Z][A-Z0-9_]+(\\([A-Z0-9_]+\\))?$", entry.Symbol);
        Assert.True(entry.Meaning.Length >= 15, $"{code}: meaning too thin");
        Assert.True(entry.LikelyCause.Length >= 30, $"{code}: likely cause too thin");
        Assert.True(entry.WhatToCheck.Length >= 30, $"{code}: what to check too thin");
        Assert.NotEmpty(entry.Sources);
        Assert.All(entry.Sources, s => Assert.Equal(Uri.UriSchemeHttps, s.Scheme));
        Assert.All([entry.Symbol, entry.Meaning, entry.LikelyCause, entry.WhatToCheck], text => Assert.True(text.All(c => c is >= ' ' and <= '~'), $"{code}: text must be printable ASCII"));
    }

    [Theory]
    [InlineData(809L, "ERROR_VPN_TIMEOUT")]
    [InlineData(13801L, "ERROR_IPSEC_IKE_AUTH_FAIL")]
    [InlineData(-2146762495L, "CERT_E_EXPIRED")]
    [InlineData(2148204801L, "CERT_E_EXPIRED")]
    [InlineData(-2146762487L, "CERT_E_UNTRUSTEDROOT")]
    [InlineData(2148204809L, "CERT_E_UNTRUSTEDROOT")]
    [InlineData(0L, "ERROR_SUCCESS")]
    public void Finds_a_code_by_decimal_negative_or_unsigned_HRESULT(long logged, string symbol) =>
        Assert.Equal(symbol, ConnectionErrorCodes.Find(logged)?.Symbol);

    [Theory]
    [InlineData(12345L)]
    [InlineData(-1L)]
    [InlineData(4294967296L)]
    [InlineData(long.MinValue)]
    public void An_unknown_or_out_of_range_code_is_null(long logged) => Assert.Null(ConnectionErrorCodes.Find(logged));

    [Fact]
    public void Shows_HRESULTs_as_eight_hex_digits()
    {
        Assert.Equal("0x800B0101", ConnectionErrorCodes.Find(-2146762495)!.Hex);
        Assert.Equal("0x00000329", ConnectionErrorCodes.Find(809)!.Hex);
    }

    [Fact]
    public void Error_zero_points_at_the_NPS_extension_and_its_discard_event()
    {
        var entry = ConnectionErrorCodes.Find(0)!;
        Assert.Contains("6274", entry.LikelyCause, StringComparison.Ordinal);
        Assert.Contains("NPS extension", entry.LikelyCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Causes_the_facts_cannot_confirm_say_so()
    {
        foreach (var code in new[] { 703, 720, 768, 13809, 13832, 13843 })
        {
            Assert.StartsWith("UNCONFIRMED", ConnectionErrorCodes.Find(code)!.LikelyCause, StringComparison.Ordinal);
        }
    }
}
