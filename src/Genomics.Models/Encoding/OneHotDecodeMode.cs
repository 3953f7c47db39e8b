namespace Genomics.Models.Encoding;

/// <summary>How <see cref="OneHotEncoder.Decode(TorchSharp.torch.Tensor, OneHotDecodeMode, Alphabet?)"/> reads a column.</summary>
public enum OneHotDecodeMode
{
    /// <summary>
    /// Every column must be exactly one-hot (one entry equal to 1, the rest 0) or all zero (decoded as 'N');
    /// any other column is an error. Use this to turn encoded sequences back into text.
    /// </summary>
    Strict,

    /// <summary>
    /// Each column decodes to the symbol with the largest value; a column whose largest value is shared by two or
    /// more channels (all-zero and uniform columns included) decodes as 'N'. Use this for soft or scaled scores
    /// such as probabilities or attributions.
    /// </summary>
    ArgMax,
}
