using System.Globalization;
using System.Numerics;
using Genomics.Models.IO.Pickling;

namespace Genomics.Models.IO;

/// <summary>
/// Reads a Python pickle as data, without executing anything: numpy arrays (as <see cref="PickledArray"/>) and plain
/// Python values, from pickles of protocols 0 to 5 (the DeepDifE SHAP background <c>background_100samples.pkl</c>, for
/// example).
/// </summary>
/// <remarks>
/// <para>
/// A pickle is a program for a small stack machine whose GLOBAL/STACK_GLOBAL opcodes import any Python callable and
/// whose REDUCE/BUILD/NEWOBJ opcodes call it, so loading an untrusted pickle with Python runs arbitrary code. This
/// reader runs the library's one pickle interpreter (the same one that reads <c>torch.save</c> state dicts for
/// <c>PyTorchWeights</c>, under another policy) with the numpy policy, and interprets only the opcodes that build data.
/// Every global is checked against a fixed list when its opcode is read — numpy's array reconstruction
/// (<c>numpy.core.multiarray._reconstruct</c>, <c>numpy.ndarray</c>, <c>numpy.dtype</c>, <c>numpy.core.multiarray.scalar</c>, <c>numpy.core.numeric._frombuffer</c>, and the same names
/// under numpy 2's <c>numpy._core</c>), <c>_codecs.encode</c> (protocol 2's bytes) and <c>builtins</c>' <c>set</c>,
/// <c>frozenset</c> and <c>bytearray</c> — and anything else throws <see cref="PickleGlobalRefusedException"/> naming the
/// global and its byte offset. None of the listed names is ever called either: REDUCE and BUILD are interpreted by this
/// reader for those names only (an array's shape, dtype and bytes), and refused on anything else. INST, OBJ, NEWOBJ,
/// NEWOBJ_EX, the persistent-id, extension-registry and out-of-band buffer opcodes are refused as unsupported.
/// </para>
/// <para>
/// Values: None → null; bool → <see cref="bool"/>; int → <see cref="long"/> (<see cref="BigInteger"/> beyond 64 bits);
/// float → <see cref="double"/>; str → <see cref="string"/>; bytes and bytearray → <see cref="byte"/>[]; list →
/// <see cref="List{T}"/> of object; tuple → object[]; dict → <see cref="Dictionary{TKey, TValue}"/> of object (keys:
/// strings, numbers or booleans); set and frozenset → <see cref="HashSet{T}"/> of object; numpy array →
/// <see cref="PickledArray"/> (booleans, integers, floating point; C or Fortran order; either byte order; object,
/// string and structured dtypes are refused); numpy scalar → <see cref="bool"/>, <see cref="long"/> or <see cref="double"/>.
/// </para>
/// <para>
/// Bounded: the file is read whole up to a size limit, every opcode consumes at least one byte of it and an array's
/// elements come from bytes in the file (their count must equal the shape's product), so memory stays proportional to
/// the file. A truncated file throws <see cref="PickleFormatException"/> naming the opcode that runs past its end.
/// </para>
/// </remarks>
public static class PickleReader
{
    /// <summary>The largest file <see cref="Read(string, long)"/> accepts by default: 2,000,000,000 bytes.</summary>
    public const long DefaultMaxBytes = 2_000_000_000;

    /// <summary>Gets the globals a pickle may name (<c>module.name</c>); every other global is refused.</summary>
    public static IReadOnlyCollection<string> AllowedGlobals => NumpyPicklePolicy.AllowedGlobals;

    /// <summary>Reads a pickle file as data.</summary>
    /// <param name="path">The pickle file.</param>
    /// <param name="maxBytes">The largest file accepted, ≥ 1. Default <see cref="DefaultMaxBytes"/>.</param>
    /// <returns>The pickled value (see <see cref="PickleReader"/> for the types).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or whitespace.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is less than 1.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleGlobalRefusedException">The pickle names a global outside <see cref="AllowedGlobals"/>.</exception>
    /// <exception cref="PickleFormatException">
    /// The file is larger than <paramref name="maxBytes"/>, truncated or malformed, uses a refused opcode, or holds a value
    /// this reader does not build; the message names the file and the byte offset.
    /// </exception>
    public static object? Read(string path, long maxBytes = DefaultMaxBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"Pickle file '{path}' does not exist.", path);
        }

        if (info.Length > maxBytes || info.Length > Array.MaxLength)
        {
            throw new PickleFormatException(path, 0, string.Create(CultureInfo.InvariantCulture, $"the file holds {info.Length} bytes, more than the limit of {Math.Min(maxBytes, Array.MaxLength)}"));
        }

        return PickleMachine.Read(File.ReadAllBytes(path), new NumpyPicklePolicy(path));
    }

    /// <summary>Reads a pickle held in memory as data.</summary>
    /// <param name="data">The pickle's bytes.</param>
    /// <param name="sourceName">The name used in error messages. Default <c>&lt;bytes&gt;</c>.</param>
    /// <returns>The pickled value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="PickleGlobalRefusedException">The pickle names a global outside <see cref="AllowedGlobals"/>.</exception>
    /// <exception cref="PickleFormatException">The pickle is truncated or malformed, or uses a refused opcode.</exception>
    public static object? Read(byte[] data, string sourceName = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(data);
        var name = sourceName ?? "<bytes>";
        return PickleMachine.Read(data, new NumpyPicklePolicy(name));
    }
}
