namespace HccSim.Scenarios;

/// <summary>Currency, price year and willingness to pay; discount rates live in the model.</summary>
public sealed record Economics
{
    public string Currency { get; init; } = "";
    public int? PriceYear { get; init; }
    /// <summary>Per QALY, in <see cref="Currency"/>.</summary>
    public double? WillingnessToPay { get; init; }
}
