using System.Globalization;
using Genomics.Models.Encoding;

namespace Genomics.Interpret.Motifs;

/// <summary>
/// A sequence motif: identifier, optional name, probability matrix, optional contribution matrix and the
/// metadata motif files carry (number of sites, E-value, URL) plus free-text provenance. Immutable (use
/// <c>with</c> to derive a changed copy; every property is validated).
/// </summary>
public sealed record Motif
{
    private readonly string _id = "";
    private readonly string? _name;
    private readonly PositionProbabilityMatrix _probabilities = null!;
    private readonly ContributionMatrix? _contributions;
    private readonly double? _sites;
    private readonly double? _eValue;

    /// <summary>Initializes a motif.</summary>
    /// <param name="id">Identifier: non-empty, without whitespace (MEME's MOTIF id).</param>
    /// <param name="probabilities">The probability matrix.</param>
    /// <param name="name">Optional name (MEME's alternate name), one line.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="probabilities"/> is null.</exception>
    /// <exception cref="ArgumentException">The id is empty or contains whitespace, or the name contains a line break.</exception>
    public Motif(string id, PositionProbabilityMatrix probabilities, string? name = null)
    {
        Id = id;
        Probabilities = probabilities;
        Name = name;
    }

    /// <summary>Gets the identifier (non-empty, no whitespace).</summary>
    public string Id
    {
        get => _id;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Id));
            if (value.Length == 0 || value.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"A motif id must be non-empty and contain no whitespace; got '{value}'.", nameof(Id));
            }

            _id = value;
        }
    }

    /// <summary>Gets the optional name (alternate name in MEME files, the TF name in JASPAR files).</summary>
    public string? Name
    {
        get => _name;
        init
        {
            if (value is not null && (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)))
            {
                throw new ArgumentException("A motif name must be a single line.", nameof(Name));
            }

            _name = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
    }

    /// <summary>Gets the probability matrix (A × W).</summary>
    public PositionProbabilityMatrix Probabilities
    {
        get => _probabilities;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Probabilities));
            if (_contributions is not null && _contributions.Width != value.Width)
            {
                throw new ArgumentException($"The probability matrix has width {value.Width} but the contribution matrix has width {_contributions.Width}.", nameof(Probabilities));
            }

            _probabilities = value;
        }
    }

    /// <summary>Gets the optional contribution weight matrix (same width as <see cref="Probabilities"/>).</summary>
    public ContributionMatrix? Contributions
    {
        get => _contributions;
        init
        {
            if (value is not null && _probabilities is not null && value.Width != _probabilities.Width)
            {
                throw new ArgumentException($"The contribution matrix has width {value.Width} but the probability matrix has width {_probabilities.Width}.", nameof(Contributions));
            }

            _contributions = value;
        }
    }

    /// <summary>Gets the number of sites the matrix was built from (MEME's nsites), when known.</summary>
    public double? Sites
    {
        get => _sites;
        init
        {
            if (value is { } v && (!double.IsFinite(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Sites), v, "The number of sites must be finite and ≥ 0.");
            }

            _sites = value;
        }
    }

    /// <summary>Gets the motif's E-value as recorded by the discovery tool, when known.</summary>
    public double? EValue
    {
        get => _eValue;
        init
        {
            if (value is { } v && (double.IsNaN(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(EValue), v, "An E-value must be ≥ 0.");
            }

            _eValue = value;
        }
    }

    /// <summary>Gets the URL line of a MEME file (for example the JASPAR matrix page), when present.</summary>
    public string? Url { get; init; }

    /// <summary>Gets free-text provenance: the file and record it was read from, or the method that built it.</summary>
    public string? Provenance { get; init; }

    /// <summary>Gets the width W.</summary>
    public int Width => _probabilities.Width;

    /// <summary>Gets the alphabet.</summary>
    public Alphabet Alphabet => _probabilities.Alphabet;

    /// <summary>Gets the display name: the name when present, otherwise the id.</summary>
    public string DisplayName => _name ?? _id;

    /// <summary>Gets the reverse-complement motif (matrices reverse-complemented; metadata kept).</summary>
    /// <returns>A new motif.</returns>
    public Motif ReverseComplement() =>
        new(_id, _probabilities.ReverseComplement(), _name)
        {
            Contributions = _contributions?.ReverseComplement(),
            Sites = _sites,
            EValue = _eValue,
            Url = Url,
            Provenance = Provenance,
        };

    /// <summary>Gets positions <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> - 1 of every matrix.</summary>
    /// <param name="start">First position kept.</param>
    /// <param name="length">Number of positions kept (≥ 1).</param>
    /// <returns>A new motif.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or outside the motif.</exception>
    public Motif Slice(int start, int length) =>
        new(_id, _probabilities.Slice(start, length), _name)
        {
            Contributions = _contributions?.Slice(start, length),
            Sites = _sites,
            EValue = _eValue,
            Url = Url,
            Provenance = Provenance,
        };

    /// <summary>Trims flanking positions whose information content is below <paramref name="minInformation"/> bits.</summary>
    /// <param name="minInformation">Threshold in bits.</param>
    /// <param name="background">The background; uniform when null.</param>
    /// <returns>The trimmed motif and the index of its first position in this motif; null when no position reaches the threshold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minInformation"/> is not finite.</exception>
    public Trimmed<Motif>? Trim(double minInformation, MotifBackground? background = null)
    {
        var trimmed = _probabilities.Trim(minInformation, background);
        return trimmed is null ? null : new Trimmed<Motif>(Slice(trimmed.Offset, trimmed.Value.Width), trimmed.Offset);
    }

    /// <summary>Gets the log-odds weight matrix (MEME smoothing: <see cref="Sites"/> or 20 sites, pseudocount spread by the background).</summary>
    /// <param name="background">The background; uniform when null.</param>
    /// <param name="pseudocount">The total pseudocount (default 0.1).</param>
    /// <returns>The weight matrix.</returns>
    public PositionWeightMatrix ToWeightMatrix(MotifBackground? background = null, double pseudocount = PositionWeightMatrix.DefaultPseudocount) =>
        PositionWeightMatrix.FromProbabilities(_probabilities, background, pseudocount, _sites is > 0 ? _sites.Value : PositionWeightMatrix.DefaultSites);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{_id}{(_name is null ? "" : " " + _name)} W={Width} {_probabilities.Consensus()}");
}
