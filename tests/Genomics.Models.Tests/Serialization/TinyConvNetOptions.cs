namespace Genomics.Models.Tests.Serialization;

/// <summary>How <see cref="TinyConvNet"/> pools; an enum so the options JSON round trip covers enums.</summary>
internal enum TinyPooling
{
    None,
    Max,
}

/// <summary>A nested record so the options JSON round trip covers nested objects.</summary>
internal sealed record TinyHeadOptions(int Targets = 2, double Dropout = 0.25);

/// <summary>Options of the checkpoint test model.</summary>
internal sealed record TinyConvNetOptions
{
    public int Channels { get; init; } = 4;

    public int Filters { get; init; } = 3;

    public int KernelSize { get; init; } = 3;

    public int Length { get; init; } = 8;

    public bool ExtraLayer { get; init; }

    public TinyPooling Pooling { get; init; } = TinyPooling.Max;

    public string Name { get; init; } = "tiny";

    public TinyHeadOptions Head { get; init; } = new();
}
