namespace Genomics.Interpret.Asmm;

/// <summary>Per candidate, the distinct start positions of its occurrences with their multiplicities (<see cref="DeepAsmm"/> step A2).</summary>
internal sealed class DistinctPositions
{
    private DistinctPositions(int[] offsets, int[] positions, int[] multiplicities)
    {
        Offsets = offsets;
        Positions = positions;
        Multiplicities = multiplicities;
    }

    /// <summary>Candidate count + 1 offsets into <see cref="Positions"/>.</summary>
    public int[] Offsets { get; }

    /// <summary>Distinct positions, candidate-major, in order of first occurrence.</summary>
    public int[] Positions { get; }

    /// <summary>How many occurrences start at each distinct position.</summary>
    public int[] Multiplicities { get; }

    /// <summary>The number of distinct (candidate, position) pairs.</summary>
    public long Total => Positions.Length;

    public static DistinctPositions Build(MotifCandidateSet candidates)
    {
        var slot = new int[candidates.InputLength];
        var stamp = new int[candidates.InputLength];
        var offsets = new int[candidates.Count + 1];
        var positions = new List<int>();
        var multiplicities = new List<int>();
        for (var m = 0; m < candidates.Count; m++)
        {
            var tag = m + 1;
            foreach (var z in candidates.OccurrencePositions(m))
            {
                if (stamp[z] != tag)
                {
                    stamp[z] = tag;
                    slot[z] = positions.Count;
                    positions.Add(z);
                    multiplicities.Add(1);
                }
                else
                {
                    multiplicities[slot[z]]++;
                }
            }

            offsets[m + 1] = positions.Count;
        }

        return new DistinctPositions(offsets, positions.ToArray(), multiplicities.ToArray());
    }
}
