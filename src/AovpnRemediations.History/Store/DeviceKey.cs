using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AovpnRemediations.History.Store;

/// <summary>
/// The 16-byte key a device's versions are stored and looked up by. An Intune device id is a GUID written in lower
/// case: it is its own key (parsing is cheap and exact). Any other text (tests, a source that upper-cases) is keyed by
/// the MD5 of its UTF-8 bytes, so two spellings stay two devices. <see cref="Sql"/> computes the same key in DuckDB
/// (the v2 to v3 migration uses it; a test holds the two equal).
/// </summary>
internal static class DeviceKey
{
    /// <summary>The key of the device id in SQL column <c>{0}</c>.</summary>
    public const string Sql = "CASE WHEN regexp_full_match({0}, '[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}') THEN {0}::UUID ELSE md5({0})::UUID END";

    // Runs per device, and its first tier boxes: in a 1M-device ingest, each of the calls made before it was recompiled
    // allocated 96 bytes (four boxed chars), 46-96 MB in all (history-local, ingest only).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Guid Of(string deviceId)
    {
        if (deviceId.Length == 36 && deviceId.AsSpan().IndexOfAnyInRange('A', 'Z') < 0 && Guid.TryParseExact(deviceId, "D", out var guid))
        {
            return guid;
        }

        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(deviceId), hash);
        return Guid.ParseExact(Convert.ToHexStringLower(hash), "N");
    }
}
