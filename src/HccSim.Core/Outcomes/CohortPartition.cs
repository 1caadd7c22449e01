using HccSim.Core.Compilation;

namespace HccSim.Core.Outcomes;

/// <summary>
/// Splits a cohort's tallies into cells by the baseline levels (drawn at entry) of some categorical attributes, so a
/// subgroup's outcomes are read from the same pass as the whole cohort's: the merge of the cells of its levels. The
/// whole cohort is the merge of every cell. Baseline, not current: a <c>set:</c> that changes a level later leaves the
/// patient in the cell they started in, as a subgroup means the patients who started at that level.
/// </summary>
public sealed class CohortPartition
{
    /// <summary>Cells one run may hold: each cell keeps a tally per strategy and thread.</summary>
    public const int MaxCells = 256;

    private readonly string[] _names;
    private readonly int[] _attributes;
    private readonly string[][] _levels;

    private CohortPartition(string[] names, int[] attributes, string[][] levels)
    {
        _names = names;
        _attributes = attributes;
        _levels = levels;
        CellCount = levels.Aggregate(1, (n, l) => n * l.Length);
    }

    /// <summary>The attributes the cells are cut by, in the order of the cell index's digits (the first most significant).</summary>
    public IReadOnlyList<string> AttributeNames => _names;
    public int CellCount { get; }

    /// <summary>The partition of <paramref name="model"/>'s cohort by these categorical attributes (each once).</summary>
    /// <exception cref="ArgumentException">An attribute the model lacks, a continuous one, or more than <see cref="MaxCells"/> cells.</exception>
    public static CohortPartition By(CompiledModel model, IEnumerable<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(model);
        var names = attributes.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new ArgumentException("a partition needs at least one attribute", nameof(attributes));
        var indices = new int[names.Length];
        var levels = new string[names.Length][];
        long cells = 1;
        for (int i = 0; i < names.Length; i++)
        {
            int a = Array.FindIndex(model.Attributes, x => x.Name == names[i]);
            if (a < 0) throw new ArgumentException($"no attribute '{names[i]}' (attributes: {string.Join(", ", model.AttributeNames)})", nameof(attributes));
            if (model.Attributes[a].Kind != AttributeKind.Categorical) throw new ArgumentException($"attribute '{names[i]}' is continuous (expected a categorical one)", nameof(attributes));
            indices[i] = a;
            levels[i] = model.Attributes[a].Levels;
            cells *= levels[i].Length;
        }
        if (cells > MaxCells)
            throw new ArgumentException($"the subgroups by {string.Join(", ", names)} cut the cohort into {cells:N0} cells (expected at most {MaxCells})", nameof(attributes));
        return new CohortPartition(names, indices, levels);
    }

    /// <summary>Whether this partition was cut for <paramref name="model"/>'s attributes (the same names, places and levels).</summary>
    internal bool Fits(CompiledModel model)
    {
        for (int i = 0; i < _attributes.Length; i++)
        {
            int a = _attributes[i];
            if (a >= model.Attributes.Length || model.Attributes[a].Name != _names[i] || model.Attributes[a].Kind != AttributeKind.Categorical
                || !model.Attributes[a].Levels.AsSpan().SequenceEqual(_levels[i]))
                return false;
        }
        return true;
    }

    /// <summary>The cell of a patient with these baseline values (mixed radix over the levels).</summary>
    internal int CellOf(ReadOnlySpan<double> baseline)
    {
        int cell = 0;
        for (int i = 0; i < _attributes.Length; i++) cell = cell * _levels[i].Length + (int)baseline[_attributes[i]];
        return cell;
    }

    /// <summary>The cells whose patients have every level named: a subgroup is the merge of these.</summary>
    /// <exception cref="ArgumentException">An attribute not cut by this partition, or a level it does not have.</exception>
    public IReadOnlyList<int> CellsOf(IReadOnlyList<(string Attribute, string Level)> subgroup)
    {
        ArgumentNullException.ThrowIfNull(subgroup);
        var required = new int[_levels.Length];
        Array.Fill(required, -1);
        foreach (var (attribute, level) in subgroup)
        {
            int i = Array.IndexOf(_names, attribute);
            if (i < 0) throw new ArgumentException($"the run's tallies are not cut by attribute '{attribute}' (cut by: {string.Join(", ", AttributeNames)})", nameof(subgroup));
            int k = Array.IndexOf(_levels[i], level);
            if (k < 0) throw new ArgumentException($"attribute '{attribute}' has no level '{level}' (levels: {string.Join(", ", _levels[i])})", nameof(subgroup));
            if (required[i] >= 0 && required[i] != k) return Array.Empty<int>(); // two levels at once: nobody
            required[i] = k;
        }
        var cells = new List<int>();
        for (int cell = 0; cell < CellCount; cell++)
        {
            bool match = true;
            for (int i = _levels.Length - 1, rest = cell; i >= 0; i--)
            {
                int digit = rest % _levels[i].Length;
                rest /= _levels[i].Length;
                if (required[i] >= 0 && digit != required[i]) match = false;
            }
            if (match) cells.Add(cell);
        }
        return cells;
    }
}
