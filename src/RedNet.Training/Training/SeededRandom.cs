namespace RedNet.Training.Training;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna), seeded by SplitMix64. Unlike System.Random its whole state is four numbers, which the
/// checkpoint stores, so a resumed run draws exactly the patches an uninterrupted run would have drawn.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private SeededRandom() { }

    /// <summary>The generator's state, for checkpoints.</summary>
    public ulong[] State => new[] { _s0, _s1, _s2, _s3 };

    public static SeededRandom FromState(IReadOnlyList<ulong> state)
    {
        if (state is null || state.Count != 4 || state.All(s => s == 0))
            throw new ArgumentException("A xoshiro256** state is four numbers, not all zero.", nameof(state));
        return new SeededRandom { _s0 = state[0], _s1 = state[1], _s2 = state[2], _s3 = state[3] };
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            if (r >= threshold) return (int)(r % bound);
        }
    }

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
