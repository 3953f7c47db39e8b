using System.Globalization;

namespace Genomics.Models.Layers;

/// <summary>
/// While alive on the current (async) flow of execution, the library's <see cref="Activation"/>, <see cref="Pool1d"/>
/// and <see cref="SoftmaxActivation"/> modules replace their gradients with DeepLIFT's attribution rules, and the
/// library's LSTM/GRU, attention and layer-norm modules run unfused so that the rules reach every gate; disposing the
/// scope restores ordinary gradients, even when the work inside throws.
/// </summary>
/// <remarks>
/// <para><b>Pairing.</b> Under the rules every batch that reaches one of these modules must be a paired batch
/// <c>[inputs; references]</c> of 2M rows: row j (j &lt; M) is an input and row M + j its reference. This is SHAP
/// DeepExplainer's layout: both halves run through the network together, and each rule compares the first half with
/// the second. Layers that treat rows independently (convolutions, linear and evaluation-mode batch-norm layers,
/// dropout at evaluation, padding, flips, concatenation along channels or length) keep the pairing.</para>
/// <para><b>Rules</b> (SHAP DeepExplainer / DeepLIFT rescale):
/// an element-wise nonlinearity y = g(u) back-propagates <c>(g(u_x) − g(u_r)) / (u_x − u_r)</c> where
/// |u_x − u_r| ≥ ε and the ordinary derivative g′(u_x) otherwise; max-pooling splits Δout between input and
/// reference (with M = max(out_x, out_r), <c>M − out_r</c> is routed through the input's arg-max positions and
/// <c>out_x − M</c> through the reference's), sums, and divides by Δin (0 where |Δin| &lt; ε or the input and
/// reference are equal, including equal infinite padding); a softmax rescales against its mean-centred logits and
/// subtracts the mean multiplier along its axis; a product of two data-dependent tensors (recurrent gates, attention,
/// layer normalisation; see <see cref="UnfusedRecurrence"/>) splits its difference as Δ(a ⊙ b) = b̄ ⊙ Δa + ā ⊙ Δb with
/// the means of input and reference (the Shapley product rule). Average pooling and linear layers need no rule. The multipliers
/// computed from the input half's upstream gradient are returned for both halves, so both halves carry identical
/// gradients and the input half's gradient at the model input is the multiplier m.</para>
/// </remarks>
public sealed class AttributionRules : IDisposable
{
    private static readonly AsyncLocal<AttributionRules?> CurrentRules = new();
    private readonly AttributionRules? _previous;
    private long _applications;
    private bool _disposed;

    private AttributionRules(double epsilon)
    {
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The rescale threshold must be positive and finite.");
        }

        Epsilon = epsilon;
        _previous = CurrentRules.Value;
        CurrentRules.Value = this;
    }

    /// <summary>The rules active on the current flow of execution, or null.</summary>
    public static AttributionRules? Current => CurrentRules.Value;

    /// <summary>The default threshold below which a difference counts as zero (SHAP's 1e-7).</summary>
    public const double DefaultEpsilon = 1e-7;

    /// <summary>Opens a DeepLIFT rescale scope.</summary>
    /// <param name="epsilon">|Δin| below this counts as zero: nonlinearities fall back to their derivative, max-pool
    /// multipliers become 0.</param>
    /// <returns>The scope; dispose it to restore ordinary gradients.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not positive and finite.</exception>
    public static AttributionRules DeepLiftRescale(double epsilon = DefaultEpsilon) => new(epsilon);

    /// <summary>The rescale threshold ε.</summary>
    public double Epsilon { get; }

    /// <summary>How many times a module applied a rule inside this scope (one per module call).</summary>
    public long RuleApplications => Interlocked.Read(ref _applications);

    internal void Count() => Interlocked.Increment(ref _applications);

    /// <summary>Checks that a batch reaching a rule module is a paired batch and returns M, the number of inputs.</summary>
    /// <param name="input">The module input.</param>
    /// <param name="module">The module name for the message.</param>
    /// <returns>M = rows / 2.</returns>
    internal static long PairedRows(TorchSharp.torch.Tensor input, string module)
    {
        var rows = input.shape[0];
        if (input.dim() < 1 || rows % 2 != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Module '{module}' received {rows} row(s) under DeepLIFT rules; batches must be [inputs; references] with an even number of rows."));
        }

        return rows / 2;
    }

    /// <summary>Leaves the scope, restoring the rules that were active before it (usually none).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(CurrentRules.Value, this))
        {
            CurrentRules.Value = _previous;
        }
    }
}
