using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AovpnRemediations.History.Model;

namespace AovpnRemediations.History.Store;

/// <summary>
/// What makes two ingests "the same export": the same package id, the same policy (script) id, and the same multiset
/// of device rows, every stored field included (ids, names, UPN, last report, states, result, findings with their
/// fields, errors). Row order does not count (paged deviceRunStates and the export list devices in different orders),
/// nor when or from which source it was read: the same fleet state read again is stored once.
/// <para>
/// Each row is hashed alone (SHA-256 over a length-prefixed encoding, so no two different rows encode alike) and the
/// digests are added up lane by lane: addition is order-free, and unlike XOR two identical rows do not cancel out.
/// The final hash covers package, policy, row count and the sums.
/// </para>
/// </summary>
internal sealed class ContentHash
{
    private readonly ulong[] _sum = new ulong[4];
    private byte[] _buffer = new byte[1024];
    private int _length;

    public long Rows { get; private set; }

    public void Add(DeviceSnapshotRow row)
    {
        _length = 0;
        Text(row.DeviceId);
        Text(row.DeviceName);
        Text(row.UserPrincipalName);
        Number(row.LastReport?.UtcTicks ?? -1);
        Text(row.DetectionState);
        Text(row.RemediationState);
        Text(row.ResultStatus);
        Number(row.Findings.Count);
        foreach (var finding in row.Findings)
        {
            Text(finding.Rule);
            Text(finding.Code);
            Number(finding.Fields.Count);
            foreach (var (name, value) in finding.Fields)
            {
                Text(name);
                Text(value);
            }
        }

        Number(row.Errors.Count);
        foreach (var error in row.Errors)
        {
            Text(error.Rule);
            Text(error.Code);
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_buffer.AsSpan(0, _length), digest);
        for (var i = 0; i < 4; i++)
        {
            _sum[i] += BinaryPrimitives.ReadUInt64LittleEndian(digest[(i * 8)..]);
        }

        Rows++;
    }

    public string Finish(string packageId, string policyId)
    {
        _length = 0;
        Text(packageId);
        Text(policyId);
        Number(Rows);
        foreach (var lane in _sum)
        {
            Number(unchecked((long)lane));
        }

        return Convert.ToHexStringLower(SHA256.HashData(_buffer.AsSpan(0, _length)));
    }

    private void Text(string? value)
    {
        value ??= "";
        var max = Encoding.UTF8.GetMaxByteCount(value.Length) + 4;
        Ensure(max);
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
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
