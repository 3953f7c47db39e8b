namespace Genomics.Models.Abstractions;

/// <summary>What the channel axis of a model's (N, C, L) input holds.</summary>
public enum InputKind
{
    /// <summary>A one-hot alphabet (DNA or RNA): C equals the alphabet size and each column holds at most one 1.</summary>
    OneHot,

    /// <summary>Named continuous signal tracks (e.g. histone marks binned along a gene): any finite values.</summary>
    Tracks,
}
