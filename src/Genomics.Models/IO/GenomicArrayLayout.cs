namespace Genomics.Models.IO;

/// <summary>How a 3-D array of one-hot sequences or attributions is laid out in a NumPy file.</summary>
public enum GenomicArrayLayout
{
    /// <summary>
    /// Decided from the shape when that is unambiguous: the array is channels-first when only its axis 1 has the
    /// alphabet size (4), channels-last when only its axis 2 has; any other shape is an error that asks for the layout.
    /// </summary>
    Auto = 0,

    /// <summary>(N, 4, L): this library's convention, and what tfmodisco-lite's <c>modisco motifs -s/-a</c> read.</summary>
    ChannelsFirst = 1,

    /// <summary>(N, L, 4): Keras-style models' inputs and their attributions.</summary>
    ChannelsLast = 2,
}
