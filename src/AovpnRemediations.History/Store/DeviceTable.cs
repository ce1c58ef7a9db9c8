using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace AovpnRemediations.History.Store;

/// <summary>
/// The ingest's map of a package's devices: device key to one 8-byte value, and whether the device was seen in this
/// ingest. Until a device is seen its value is its committed state hash; from then on, when it was last reported (the
/// writer needs one or the other, never both). A device can also be marked gone: its latest committed version is a
/// tombstone (loading replays versions newer than the current versions), so it counts as unknown and is not unseen.
/// <para>
/// Why not a <see cref="Dictionary{TKey,TValue}"/>: at 1,000,000 devices it takes 51 MB (40-byte entries plus buckets)
/// and two cache misses per lookup, and the history benchmark showed its lookups and inserts as the store's largest
/// CPU cost. Here the key and value sit side by side in one 24-byte slot, found by linear probing at most 80% full
/// (30 MB at 1M devices, usually one cache miss), and the seen and gone flags are bit arrays (125 KB each).
/// </para>
/// <para>
/// The slots are native memory (<see cref="NativeSlots"/>): on Linux in huge pages where the kernel allows them, since
/// the lookups land at random across 30 MB (a TLB miss each in 4 KB pages) and faulting in 7,500 fresh 4 KB pages cost
/// 77 ms on the benchmark's machine against 6 ms for 16 huge ones; and they go back to the system at
/// <see cref="Dispose"/>, which the writer calls before its commit's queries, instead of staying in the managed heap.
/// </para>
/// </summary>
internal sealed unsafe class DeviceTable : IDisposable
{
    internal const double MaxLoad = 0.8;

    private Slot* _slots;
    private int _length;
    private ulong[] _seen;
    private ulong[] _gone;
    private int _count;
    private int _growAt;

    // Guid.Empty marks a free slot, so the one device whose key is all zeros (a test's, or a service's placeholder id)
    // is kept beside the slots.
    private bool _hasEmptyKey;
    private bool _emptyKeySeen;
    private bool _emptyKeyGone;
    private ulong _emptyKeyValue;

    public DeviceTable(int expected)
    {
        _seen = [];
        _gone = [];
        Allocate(SlotsFor(Math.Max(expected, 1024)));
    }

    ~DeviceTable() => Free();

    /// <summary>Devices in the table.</summary>
    public int Count => _count + (_hasEmptyKey ? 1 : 0);

    /// <summary>
    /// Adds a device with its committed state hash, not seen (loading the current versions). A key added twice keeps the
    /// last value, and a gone device added again is back. True when the device was not there (or gone) before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public bool AddUnseen(Guid key, ulong stateHash)
    {
        ref var value = ref Find(key, out var found, out var index);
        value = stateHash;
        return !found | SetGone(index, false);
    }

    /// <summary>Marks a device gone (its latest committed version is a tombstone). True when it was there and not gone.</summary>
    public bool MarkGone(Guid key)
    {
        Find(key, out var found, out var index);
        return found & !SetGone(index, true);
    }

    /// <summary>
    /// The device's value, adding it (value 0, not seen) when it is not in the table. <paramref name="known"/> says it
    /// was there; <paramref name="seen"/> whether it was already seen in this ingest. Marks it seen. The reference is
    /// valid until the next call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs per device: skip the slow first tier
    public ref ulong See(Guid key, out bool known, out bool seen)
    {
        ref var value = ref Find(key, out known, out var index);
        if (index < 0)
        {
            known &= !_emptyKeyGone;
            seen = _emptyKeySeen;
            _emptyKeySeen = true;
            return ref value;
        }

        known &= (_gone[index >> 6] & (1UL << (index & 63))) == 0;

        ref var word = ref _seen[index >> 6];
        var bit = 1UL << (index & 63);
        seen = (word & bit) != 0;
        word |= bit;
        return ref value;
    }

    /// <summary>
    /// Starts loading the key's first slot into the cache, so that a <see cref="See"/> of it a few rows later finds it
    /// there. Only a hint: it changes nothing, and does nothing where the CPU has no prefetch instruction .NET exposes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(Guid key)
    {
        if (Sse.IsSupported)
        {
            // A 24-byte slot crosses a 64-byte line in two of every eight positions: fetch the line of its last byte too.
            var slot = (byte*)(_slots + Home(key, _length));
            Sse.Prefetch0(slot);
            Sse.Prefetch0(slot + sizeof(Slot) - 1);
        }
    }

    /// <summary>The devices never seen in this ingest (those the export no longer lists).</summary>
    public IEnumerable<Guid> Unseen()
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        if (_hasEmptyKey && !_emptyKeySeen && !_emptyKeyGone)
        {
            yield return Guid.Empty;
        }

        for (var i = 0; i < _length; i++)
        {
            if (UnseenKeyAt(i) is { } key)
            {
                yield return key;
            }
        }
    }

    /// <summary>Frees the slots; the table is empty and unusable afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private bool Disposed => _slots == null;

    private Guid? UnseenKeyAt(int i)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        var key = _slots[i].Key;
        return key != Guid.Empty && ((_seen[i >> 6] | _gone[i >> 6]) & (1UL << (i & 63))) == 0 ? key : null;
    }

    /// <summary>Sets or clears the slot's gone mark (index -1: the all-zeros key) and returns what it was.</summary>
    private bool SetGone(int index, bool gone)
    {
        if (index < 0)
        {
            var was = _emptyKeyGone;
            _emptyKeyGone = gone;
            return was;
        }

        ref var word = ref _gone[index >> 6];
        var bit = 1UL << (index & 63);
        var before = (word & bit) != 0;
        word = gone ? word | bit : word & ~bit;
        return before;
    }

    /// <summary>Finds the key's slot, adding it (value 0) when missing; <paramref name="index"/> is -1 for the all-zeros key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong Find(Guid key, out bool found, out int index)
    {
        if (key == Guid.Empty)
        {
            found = _hasEmptyKey;
            if (!found)
            {
                _hasEmptyKey = true;
                _emptyKeyValue = 0;
            }

            index = -1;
            return ref _emptyKeyValue;
        }

        if (_count >= _growAt)
        {
            Grow();
        }

        var slots = _slots;
        var length = _length;
        var i = Home(key, length);
        while (true)
        {
            ref var slot = ref slots[i];
            if (slot.Key == key)
            {
                found = true;
                index = i;
                return ref slot.Value;
            }

            if (slot.Key == Guid.Empty)
            {
                slot.Key = key;
                slot.Value = 0;
                _count++;
                found = false;
                index = i;
                return ref slot.Value;
            }

            if (++i == length)
            {
                i = 0;
            }
        }
    }

    /// <summary>
    /// The key's first slot. Device keys are random (Intune's v4 GUIDs, or MD5s), but tests use counting GUIDs, so the
    /// two halves are mixed before the multiply-shift maps them onto the table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(Guid key, int length) => HomeOf(Mix(key), length);

    /// <summary>The key's two halves mixed into 64 well-spread bits (<see cref="FirstSightSet"/> keeps them as its fingerprint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mix(Guid key)
    {
        var halves = MemoryMarshal.Cast<Guid, ulong>(new ReadOnlySpan<Guid>(in key));
        var mixed = (halves[0] ^ (halves[1] * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        return mixed ^ (mixed >> 31);
    }

    /// <summary>Mixed bits to a slot: a multiply-shift onto the table, so the slot grows with the bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int HomeOf(ulong mixed, int length) => (int)Math.BigMul(mixed, (ulong)length, out _);

    /// <summary>Slots for this many devices at most <see cref="MaxLoad"/> full (shared with <see cref="FirstSightSet"/>).</summary>
    internal static int SlotsFor(int devices) => (int)Math.Min(Array.MaxLength, (long)(devices / MaxLoad) + 1);

    private void Allocate(int slots)
    {
        _slots = (Slot*)NativeSlots.Allocate((nuint)slots * (nuint)sizeof(Slot));
        _length = slots;
        _seen = new ulong[(slots + 63) / 64];
        _gone = new ulong[(slots + 63) / 64];
        _growAt = (int)(slots * MaxLoad);
    }

    private void Free()
    {
        if (_slots != null)
        {
            NativeSlots.Free(_slots);
            _slots = null;
            _length = 0;
            _growAt = 0; // a later lookup goes to Grow, which throws ObjectDisposedException
        }
    }

    /// <summary>More devices than expected (joiners beyond the run summary's count): double, keeping values, seen flags and gone marks.</summary>
    private void Grow()
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        var slots = _slots;
        var length = _length;
        var seen = _seen;
        var gone = _gone;
        Allocate(SlotsFor(Math.Max(_count, 1024) * 2));
        for (var i = 0; i < length; i++)
        {
            if (slots[i].Key == Guid.Empty)
            {
                continue;
            }

            var j = Home(slots[i].Key, _length);
            while (_slots[j].Key != Guid.Empty)
            {
                if (++j == _length)
                {
                    j = 0;
                }
            }

            _slots[j] = slots[i];
            if ((seen[i >> 6] & (1UL << (i & 63))) != 0)
            {
                _seen[j >> 6] |= 1UL << (j & 63);
            }

            if ((gone[i >> 6] & (1UL << (i & 63))) != 0)
            {
                _gone[j >> 6] |= 1UL << (j & 63);
            }
        }

        NativeSlots.Free(slots);
    }

    private struct Slot
    {
        public Guid Key;
        public ulong Value;
    }
}

/// <summary>
/// Zeroed native memory for <see cref="DeviceTable"/>'s slots. Blocks of 2 MB and more are 2 MB aligned and, on Linux,
/// advised into transparent huge pages (MADV_HUGEPAGE: honoured where THP is "always" or "madvise", ignored where
/// "never"); elsewhere they are plain aligned blocks (Windows gives large pages only to a process holding the "Lock pages
/// in memory" right, SeLockMemoryPrivilege: https://learn.microsoft.com/en-us/windows/win32/memory/large-page-support). Freed blocks of that size go back to the system at once (glibc
/// maps them on their own).
/// </summary>
internal static unsafe partial class NativeSlots
{
    private const nuint HugePage = 2 << 20;
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE, linux/mman.h

    private static bool _adviceUnavailable;

    public static void* Allocate(nuint bytes)
    {
        var huge = bytes >= HugePage;
        var block = NativeMemory.AlignedAlloc(huge ? (bytes + HugePage - 1) & ~(HugePage - 1) : bytes, huge ? HugePage : 64);
        if (huge && OperatingSystem.IsLinux() && !_adviceUnavailable)
        {
            try
            {
                _ = Madvise(block, (bytes + HugePage - 1) & ~(HugePage - 1), MadviseHugePage); // only advice: a refusal changes nothing
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _adviceUnavailable = true;
            }
        }

        NativeMemory.Clear(block, bytes);
        return block;
    }

    public static void Free(void* block) => NativeMemory.AlignedFree(block);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);
}
