namespace HccSim.Core.Compilation.Building;

/// <summary>The model's tags, numbered in the order compilation first meets them: each is one bit of the engine's mask.</summary>
internal sealed class TagTable
{
    private readonly List<string> _names = new();

    public int IndexOf(string tag)
    {
        int i = _names.IndexOf(tag);
        if (i < 0) { _names.Add(tag); i = _names.Count - 1; }
        return i;
    }

    public ulong Mask(IEnumerable<string> tags) => tags.Aggregate(0UL, (acc, t) => acc | (1UL << IndexOf(t)));

    public string[] ToArray() => _names.ToArray();
}
