using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace AovpnRemediations.History.Store;

/// <summary>
/// The devices already seen in a package's first snapshot, kept as 64-bit fingerprints of their keys: 8 bytes a slot
/// where <see cref="DeviceTable"/> takes 24. A first snapshot has no committed states to compare with and no devices
/// that can leave, so the writer only asks "was this device seen before in this ingest?"; at 1,000,000 devices that
/// is 10 MB instead of 30 MB at the first ingest's peak (the report's peak RSS budget is 200 MB).
/// <para>
/// A fingerprint can match another key's (for some pair of a 1M-device ingest: about 1 in 37 million), so <see cref="Add"/>
/// returning false means only "maybe seen": the writer holds such a row back and its commit settles it by key against
/// the rows it stored, which is exact.
/// </para>
/// </summary>
internal sealed unsafe class FirstSightSet : IDisposable
{
    private readonly Func<Guid, ulong>? _fingerprintOf;
    private ulong* _slots;
    private int _length;
    private int _count;
    private int _growAt;

    /// <param name="expected">Devices expected (the set doubles past them).</param>
    /// <param name="fingerprintOf">Test seam: another fingerprint (to make two keys collide); null for the real one.</param>
    public FirstSightSet(int expected, Func<Guid, ulong>? fingerprintOf = null)
    {
        _fingerprintOf = fingerprintOf;
        Allocate(DeviceTable.SlotsFor(Math.Max(expected, 1024)));
    }

    ~FirstSightSet() => Free();

    /// <summary>Fingerprints added.</summary>
    public int Count => _count;

    /// <summary>
    /// Adds the key's fingerprint. True when it was not there: the device is seen for the first time. False when it was:
    /// the same device again, or (rarely) another whose fingerprint is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public bool Add(Guid key)
    {
        ObjectDisposedException.ThrowIf(_slots == null, this);
        if (_count >= _growAt)
        {
            Grow();
        }

        var fingerprint = FingerprintOf(key);
        var i = Home(fingerprint, _length);
        while (true)
        {
            var slot = _slots[i];
            if (slot == fingerprint)
            {
                return false;
            }

            if (slot == 0)
            {
                _slots[i] = fingerprint;
                _count++;
                return true;
            }

            if (++i == _length)
            {
                i = 0;
            }
        }
    }

    /// <summary>Starts loading the key's slot into the cache for an <see cref="Add"/> a few rows later; only a hint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(Guid key)
    {
        if (Sse.IsSupported && _slots != null)
        {
            Sse.Prefetch0(_slots + Home(FingerprintOf(key), _length));
        }
    }

    /// <summary>Frees the slots; the set is unusable afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>The key's mixed bits (the device table's, <see cref="DeviceTable.Mix"/>), never 0, which marks a free slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong FingerprintOf(Guid key)
    {
        var mixed = _fingerprintOf is null ? DeviceTable.Mix(key) : _fingerprintOf(key);
        return mixed == 0 ? 1 : mixed;
    }

    /// <summary>The fingerprint's first slot (the home depends only on it, so growing can rehome it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(ulong fingerprint, int length) => DeviceTable.HomeOf(fingerprint, length);

    private void Allocate(int slots)
    {
        _slots = (ulong*)NativeSlots.Allocate((nuint)slots * sizeof(ulong));
        _length = slots;
        _growAt = (int)(slots * DeviceTable.MaxLoad);
    }

    private void Free()
    {
        if (_slots != null)
        {
            NativeSlots.Free(_slots);
            _slots = null;
            _length = 0;
            _growAt = 0;
        }
    }

    /// <summary>More devices than expected: double, rehoming every fingerprint (the home depends only on it).</summary>
    private void Grow()
    {
        var slots = _slots;
        var length = _length;
        Allocate(DeviceTable.SlotsFor(Math.Max(_count, 1024) * 2));
        for (var i = 0; i < length; i++)
        {
            var fingerprint = slots[i];
            if (fingerprint == 0)
            {
                continue;
            }

            var j = Home(fingerprint, _length);
            while (_slots[j] != 0)
            {
                if (++j == _length)
                {
                    j = 0;
                }
            }

            _slots[j] = fingerprint;
        }

        NativeSlots.Free(slots);
    }
}
