using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Genomics.Models.Layers;

/// <summary>
/// A float32 matrix product <c>C (m × n) = A (m × k) · B (k × n)</c> with AVX-512 register tiles, for the
/// convolutions' matrix products on processors where libtorch's bundled BLAS leaves AVX-512 unused (AMD EPYC:
/// docs/decisions/matrix-products.md). A is read in place through any two strides (so a convolution's unfolded
/// windows need not be materialised: row <c>t</c> of the windows is the channels-last input from <c>t · stride · C</c>);
/// B is packed once into panels of <see cref="PanelWidth"/> columns and may be reused for many products.
/// Each output element is one float32 sum over k in increasing order, split at <see cref="DepthBlock"/> boundaries.
/// </summary>
internal static unsafe class MatrixProduct
{
    /// <summary>Rows of one register tile.</summary>
    internal const int TileRows = 12;

    /// <summary>Columns of one register tile (two 16-float vectors).</summary>
    internal const int PanelWidth = 32;

    /// <summary>Depth of one block of k: a tile's A rows and B panel stay in the first-level caches.</summary>
    internal const int DepthBlock = 384;

    /// <summary>Rows of one block of A that stays in the second-level cache while every B panel passes over it.</summary>
    private const int RowBlock = 192;

    /// <summary>Whether this processor runs the AVX-512 tiles.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>A matrix operand in memory: element (i, j) at <c>Data[i · RowStride + j · ColumnStride]</c>.</summary>
    internal readonly struct Operand(float* data, long rowStride, long columnStride)
    {
        public float* Data { get; } = data;

        public long RowStride { get; } = rowStride;

        public long ColumnStride { get; } = columnStride;

        public float this[long row, long column] => Data[(row * RowStride) + (column * ColumnStride)];
    }

    /// <summary>
    /// Offsets along one axis of a matrix in memory: <c>i · Stride</c>, or <c>Offsets[i]</c> for axes that are not
    /// evenly spaced (a convolution's unfolded windows: kernel position and channel in one index).
    /// </summary>
    internal readonly struct Axis
    {
        private Axis(long stride, long[]? offsets)
        {
            Stride = stride;
            Offsets = offsets;
        }

        public long Stride { get; }

        public long[]? Offsets { get; }

        public long this[int i] => Offsets is null ? i * Stride : Offsets[i];

        public static Axis Linear(long stride) => new(stride, null);

        public static Axis Table(long[] offsets) => new(0, offsets ?? throw new ArgumentNullException(nameof(offsets)));
    }

    /// <summary>
    /// B (k × n) packed into blocks of <see cref="DepthBlock"/> rows, each cut into panels of
    /// <see cref="PanelWidth"/> columns (zero beyond n), stored panel by panel and row by row. One instance may be
    /// packed again and again (its memory grows to the largest B and is kept).
    /// </summary>
    internal sealed class PackedPanels : IDisposable
    {
        private float* _data;
        private long _capacity;

        public PackedPanels()
        {
        }

        /// <summary>Packs a B read through two strides.</summary>
        public PackedPanels(int k, int n, Operand b)
        {
            Pack(k, n, b.Data, Axis.Linear(b.RowStride), Axis.Linear(b.ColumnStride));
        }

        /// <summary>k.</summary>
        public int Depth { get; private set; }

        /// <summary>n.</summary>
        public int Width { get; private set; }

        /// <summary>Panels per block.</summary>
        public int Panels { get; private set; }

        /// <summary>Packs B (k × n) with element (p, j) at <c>data[rows[p] + columns[j]]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int k, int n, float* data, Axis rows, Axis columns)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
            ObjectDisposedException.ThrowIf(_capacity < 0, this);
            Depth = k;
            Width = n;
            Panels = (n + PanelWidth - 1) / PanelWidth;
            var size = (long)k * Panels * PanelWidth;
            if (size > _capacity)
            {
                NativeMemory.AlignedFree(_data);
                _data = (float*)NativeMemory.AlignedAlloc((nuint)(size * sizeof(float)), 64);
                _capacity = size;
            }

            for (var block = 0; block < k; block += DepthBlock)
            {
                var depth = Math.Min(DepthBlock, k - block);
                for (var panel = 0; panel < Panels; panel++)
                {
                    var column = panel * PanelWidth;
                    var width = Math.Min(PanelWidth, n - column);
                    var target = Panel(block, panel);
                    if (columns.Offsets is null && (rows.Offsets is not null || columns.Stride <= rows.Stride))
                    {
                        PackRows(data, rows, columns.Stride, block, depth, column, width, target);
                    }
                    else
                    {
                        PackColumns(data, rows, columns, block, depth, column, width, target);
                    }
                }
            }
        }

        /// <summary>Row by row, for evenly spaced columns (contiguous columns copy as vectors).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackRows(float* data, Axis rows, long columnStride, int block, int depth, int column, int width, float* target)
        {
            for (var p = 0; p < depth; p++, target += PanelWidth)
            {
                var source = data + rows[block + p] + (column * columnStride);
                if (width == PanelWidth && columnStride == 1)
                {
                    Vector512.Store(Vector512.Load(source), target);
                    Vector512.Store(Vector512.Load(source + 16), target + 16);
                    continue;
                }

                for (var j = 0; j < PanelWidth; j++)
                {
                    target[j] = j < width ? source[j * columnStride] : 0f;
                }
            }
        }

        /// <summary>Column by column, for tabled columns, or evenly spaced columns farther apart than the rows (a
        /// transposed operand), so that each column is read in order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PackColumns(float* data, Axis rows, Axis columns, int block, int depth, int column, int width, float* target)
        {
            for (var j = 0; j < PanelWidth; j++)
            {
                if (j >= width)
                {
                    for (var p = 0; p < depth; p++)
                    {
                        target[(p * PanelWidth) + j] = 0f;
                    }

                    continue;
                }

                var source = data + columns[column + j];
                if (rows.Offsets is null)
                {
                    var step = rows.Stride;
                    var from = source + (block * step);
                    for (var p = 0; p < depth; p++)
                    {
                        target[(p * PanelWidth) + j] = from[p * step];
                    }
                }
                else
                {
                    for (var p = 0; p < depth; p++)
                    {
                        target[(p * PanelWidth) + j] = source[rows[block + p]];
                    }
                }
            }
        }

        /// <summary>The panel <paramref name="panel"/> of the block that starts at row <paramref name="block"/>.</summary>
        public float* Panel(int block, int panel)
        {
            ObjectDisposedException.ThrowIf(_capacity < 0, this);
            var depth = Math.Min(DepthBlock, Depth - block);
            return _data + ((long)block * Panels * PanelWidth) + ((long)panel * depth * PanelWidth);
        }

        public void Dispose()
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
            _capacity = -1;
        }
    }

    /// <summary>
    /// <c>C = A · B</c>, or <c>C += A · B</c> when <paramref name="accumulate"/>; C is row-major with row stride
    /// <paramref name="ldc"/> and is not read when not accumulating.
    /// </summary>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="a">A (m × k), read in place.</param>
    /// <param name="b">B (k × n), packed.</param>
    /// <param name="c">C (m × n).</param>
    /// <param name="ldc">C's row stride.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="threads">Threads to split the rows of C over (1: the calling thread only).</param>
    public static void Multiply(int m, Operand a, PackedPanels b, float* c, long ldc, bool accumulate, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The matrix-product tiles need AVX-512.");
        }

        if (m <= 0)
        {
            return;
        }

        var rowBlock = RowBlock;
        if (threads > 1)
        {
            // Enough row blocks for every thread, each a whole number of tiles.
            var perThread = (m + threads - 1) / threads;
            rowBlock = Math.Clamp(((perThread + TileRows - 1) / TileRows) * TileRows, TileRows, RowBlock);
        }

        var blocks = (m + rowBlock - 1) / rowBlock;
        if (threads <= 1 || blocks == 1)
        {
            for (var block = 0; block < blocks; block++)
            {
                RowBlockProduct(block * rowBlock, Math.Min(rowBlock, m - (block * rowBlock)), a, b, c, ldc, accumulate);
            }

            return;
        }

        var data = (nint)a.Data;
        var rowStride = a.RowStride;
        var columnStride = a.ColumnStride;
        var output = (nint)c;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
        {
            var operand = new Operand((float*)data, rowStride, columnStride);
            RowBlockProduct(block * rowBlock, Math.Min(rowBlock, m - (block * rowBlock)), operand, b, (float*)output, ldc, accumulate);
        });
    }

    /// <summary>Rows [<paramref name="row0"/>, +<paramref name="rows"/>) of C, block of k by block of k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowBlockProduct(int row0, int rows, Operand a, PackedPanels b, float* c, long ldc, bool accumulate)
    {
        // A tile for the last columns and, for the last rows, a zero-padded copy of A's rows packed row-interleaved
        // (12 · 384 floats): both on the stack, nothing allocated per call.
        var tile = stackalloc float[TileRows * PanelWidth];
        var fullTiles = rows / TileRows;
        var remainder = rows - (fullTiles * TileRows);
        var edge = stackalloc float[remainder > 0 ? DepthBlock * TileRows : 0];
        for (var block = 0; block < b.Depth; block += DepthBlock)
        {
            var depth = Math.Min(DepthBlock, b.Depth - block);
            var add = accumulate || block > 0;
            if (remainder > 0)
            {
                // The last rows, zero-padded to a whole tile, packed row-interleaved.
                var first = row0 + (fullTiles * TileRows);
                for (var p = 0; p < depth; p++)
                {
                    for (var i = 0; i < TileRows; i++)
                    {
                        edge[(p * TileRows) + i] = i < remainder ? a[first + i, block + p] : 0f;
                    }
                }
            }

            for (var panel = 0; panel < b.Panels; panel++)
            {
                var column = panel * PanelWidth;
                var width = Math.Min(PanelWidth, b.Width - column);
                var packed = b.Panel(block, panel);
                for (var t = 0; t <= fullTiles; t++)
                {
                    var height = t < fullTiles ? TileRows : remainder;
                    if (height == 0)
                    {
                        break;
                    }

                    var row = row0 + (t * TileRows);
                    var full = t < fullTiles;
                    var source = full ? a.Data + (row * a.RowStride) + (block * a.ColumnStride) : edge;
                    var rowStride = full ? a.RowStride : 1L;
                    var columnStride = full ? a.ColumnStride : TileRows;
                    var target = c + (row * ldc) + column;
                    if (height == TileRows && width == PanelWidth)
                    {
                        Tile(depth, source, rowStride, columnStride, packed, target, ldc, add);
                        continue;
                    }

                    Tile(depth, source, rowStride, columnStride, packed, tile, PanelWidth, false);
                    for (var i = 0; i < height; i++)
                    {
                        var from = tile + (i * PanelWidth);
                        var to = target + (i * ldc);
                        for (var j = 0; j < width; j++)
                        {
                            to[j] = add ? to[j] + from[j] : from[j];
                        }
                    }
                }
            }
        }
    }

    /// <summary>One 12 × 32 tile of C over <paramref name="depth"/> terms: A element (i, p) at <c>a[i·rs + p·cs]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(int depth, float* a, long rs, long cs, float* b, float* c, long ldc, bool add)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<float> c90 = default, c91 = default, ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        for (var p = 0; p < depth; p++, a += cs, b += PanelWidth)
        {
            var b0 = Vector512.LoadAligned(b);
            var b1 = Vector512.LoadAligned(b + 16);
            var x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[rs]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2 * rs]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3 * rs]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4 * rs]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5 * rs]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6 * rs]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7 * rs]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
            x = Vector512.Create(a[8 * rs]);
            c80 = Avx512F.FusedMultiplyAdd(x, b0, c80);
            c81 = Avx512F.FusedMultiplyAdd(x, b1, c81);
            x = Vector512.Create(a[9 * rs]);
            c90 = Avx512F.FusedMultiplyAdd(x, b0, c90);
            c91 = Avx512F.FusedMultiplyAdd(x, b1, c91);
            x = Vector512.Create(a[10 * rs]);
            ca0 = Avx512F.FusedMultiplyAdd(x, b0, ca0);
            ca1 = Avx512F.FusedMultiplyAdd(x, b1, ca1);
            x = Vector512.Create(a[11 * rs]);
            cb0 = Avx512F.FusedMultiplyAdd(x, b0, cb0);
            cb1 = Avx512F.FusedMultiplyAdd(x, b1, cb1);
        }

        Store(c, add, c00, c01);
        Store(c + ldc, add, c10, c11);
        Store(c + (2 * ldc), add, c20, c21);
        Store(c + (3 * ldc), add, c30, c31);
        Store(c + (4 * ldc), add, c40, c41);
        Store(c + (5 * ldc), add, c50, c51);
        Store(c + (6 * ldc), add, c60, c61);
        Store(c + (7 * ldc), add, c70, c71);
        Store(c + (8 * ldc), add, c80, c81);
        Store(c + (9 * ldc), add, c90, c91);
        Store(c + (10 * ldc), add, ca0, ca1);
        Store(c + (11 * ldc), add, cb0, cb1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* row, bool add, Vector512<float> left, Vector512<float> right)
    {
        if (add)
        {
            left += Vector512.Load(row);
            right += Vector512.Load(row + 16);
        }

        Vector512.Store(left, row);
        Vector512.Store(right, row + 16);
    }
}
