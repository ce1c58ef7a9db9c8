using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using AovpnRemediations.History.Model;

namespace AovpnRemediations.History.Store;

/// <summary>
/// Two hashes per device row, from one pass over its fields (XxHash128 over a length-prefixed encoding, so no two
/// different rows encode alike):
/// <list type="bullet">
/// <item><b>state</b>: every stored field except the last report time of a device that is fresh. A device that keeps
/// reporting the same thing keeps its state (Intune moves its last report at least weekly), so its version is not
/// written again; the time counts once the device is stale, so a stale device's last report is always exact.</item>
/// <item><b>content</b>: the state and the last report time, always: what makes two ingests "the same export".</item>
/// </list>
/// The content hashes of a snapshot's rows are added up (order-free, and unlike XOR two equal rows do not cancel), and
/// the snapshot's content hash is the SHA-256 of package, policy, row count and that sum.
/// </summary>
internal sealed class RowHash
{
    private byte[] _buffer = new byte[1024];
    private int _length;
    private UInt128 _sum;

    public long Rows { get; private set; }

    /// <summary>The row's state hash; its content hash is added to the snapshot's sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public ulong Add(DeviceSnapshotRow row, bool stale)
    {
        _length = 0;
        Text(row.DeviceId);
        Text(row.DeviceName);
        Text(row.UserPrincipalName);
        Text(row.DetectionState);
        Text(row.RemediationState);
        Text(row.ResultStatus);
        var ticks = row.LastReport?.UtcTicks ?? -1;
        Number(stale ? ticks : -2);
        var findings = Items(row.Findings);
        Number(findings.Length);
        foreach (var finding in findings)
        {
            Text(finding.Rule);
            Text(finding.Code);
            var fields = Items(finding.Fields);
            Number(fields.Length);
            foreach (var (name, value) in fields)
            {
                Text(name);
                Text(value);
            }
        }

        var errors = Items(row.Errors);
        Number(errors.Length);
        foreach (var error in errors)
        {
            Text(error.Rule);
            Text(error.Code);
        }

        var state = XxHash128.HashToUInt128(_buffer.AsSpan(0, _length));
        Span<byte> content = stackalloc byte[24];
        BinaryPrimitives.WriteUInt128LittleEndian(content, state);
        BinaryPrimitives.WriteInt64LittleEndian(content[16..], ticks);
        _sum += XxHash128.HashToUInt128(content);
        Rows++;
        return (ulong)state;
    }

    /// <summary>
    /// A row's list as a span: the report's mapper hands over arrays, read here without an interface call per item (the
    /// CLI runs without dynamic PGO, which would otherwise devirtualize them). Interface-call stubs were 6% of the
    /// aggregating thread's samples in the history benchmark, a third of them from this hash and the counts. Any other
    /// list is copied.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<T> Items<T>(IReadOnlyList<T> list) => list as T[] ?? [.. list];

    public string Finish(string packageId, string policyId)
    {
        var text = Encoding.UTF8.GetBytes($"{packageId}\n{policyId}\n{Rows}\n");
        var all = new byte[text.Length + 16];
        text.CopyTo(all, 0);
        BinaryPrimitives.WriteUInt128LittleEndian(all.AsSpan(text.Length), _sum);
        return Convert.ToHexStringLower(SHA256.HashData(all));
    }

    private void Text(string? value)
    {
        var chars = MemoryMarshal.AsBytes((value ?? "").AsSpan());
        Ensure(chars.Length + 4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), chars.Length);
        chars.CopyTo(_buffer.AsSpan(_length + 4));
        _length += 4 + chars.Length;
    }

    private void Number(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
