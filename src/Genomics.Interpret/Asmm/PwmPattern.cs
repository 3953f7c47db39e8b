namespace Genomics.Interpret.Asmm;

/// <summary>What a PWM candidate places into the empty input for the autonomy score.</summary>
public enum PwmPattern
{
    /// <summary>The one-hot consensus (most probable letter per position); default.</summary>
    Consensus,

    /// <summary>The letter probabilities themselves (a soft input, columns summing to 1).</summary>
    Probabilities,
}
