namespace Genomics.Models.Layers;

/// <summary>
/// Marks a library module that routes its TorchSharp children (fused <c>nn.LSTM</c>/<c>nn.GRU</c> kernels,
/// <c>nn.LayerNorm</c>) through DeepLIFT's rules while <see cref="AttributionRules"/> are active — by running
/// <see cref="UnfusedRecurrence"/> or an explicit normalisation instead — so that attribution engines may accept those
/// children although their own types are nonlinear.
/// </summary>
internal interface IAttributionRuleOwner
{
}
