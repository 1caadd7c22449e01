namespace HccSim.Reporting;

/// <summary>The check every merge makes: each shard 0 … N−1 exactly once, the duplicates and the missing ones named.</summary>
public static class Shards
{
    public static void CheckComplete(IEnumerable<(string Path, int Index)> shards, int count)
    {
        var list = shards.ToList();
        var twice = list.GroupBy(s => s.Index).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InvalidDataException($"shard {twice.Key} of {count} is given twice ({string.Join(", ", twice.Select(t => t.Path))})");
        var missing = Enumerable.Range(0, count).Except(list.Select(s => s.Index)).ToArray();
        if (missing.Length > 0) throw new InvalidDataException($"shards {string.Join(", ", missing)} of {count} are missing (expected every shard once; rerun the missing ones with --shard I/{count})");
    }
}
