using System.CommandLine;
using Genomics.Models.Runtime;
using TorchSharp;

namespace Genomics.Cli.Commands;

/// <summary><c>genomics info</c>: checks the native runtime and reports versions and devices.</summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("info", "Check that the native TorchSharp runtime loads and show versions, threads and devices.");
        var checkOneDnn = new Option<bool>("--check-onednn")
        {
            Description = "Also check libtorch's oneDNN convolutions against exact results on this machine (they are off by default; see docs/decisions/onednn.md).",
        };
        command.Options.Add(checkOneDnn);
        command.SetAction(parse =>
        {
            TorchRuntime.EnsureAvailable();
            console.Out.WriteLine($"Genomics       {typeof(InfoCommand).Assembly.GetName().Version}");
            console.Out.WriteLine($"TorchSharp     {typeof(torch).Assembly.GetName().Version}");
            console.Out.WriteLine($"CPU threads    {torch.get_num_threads()}");
            console.Out.WriteLine($"CUDA           {(torch.cuda.is_available() ? $"{torch.cuda.device_count()} device(s)" : "not available")}");
            console.Out.WriteLine($"oneDNN         {(TorchRuntime.OneDnnEnabled switch { true => "on", false => "off", null => "unknown" })}");
            var products = !TorchRuntime.OwnMatrixProductsSupported
                ? "libtorch's BLAS (this processor has no AVX-512)"
                : TorchRuntime.UseOwnMatrixProducts
                    ? $"the library's AVX-512 tiles ({TorchRuntime.MatrixProductsVariable}=libtorch for libtorch's BLAS)"
                    : $"libtorch's BLAS ({TorchRuntime.MatrixProductsVariable}=libtorch)";
            console.Out.WriteLine($"Convolutions   matrix products on {products}");
            console.Out.WriteLine($"Allocator      {(TorchRuntime.RetainsFreedMemory ? "keeps freed memory for reuse (GENOMICS_RETAIN_FREED_MEMORY=0 turns this off)" : "system default")}");
            if (parse.GetValue(checkOneDnn) && TorchRuntime.OneDnnEnabled is not null)
            {
                console.Out.WriteLine($"oneDNN check   {TorchRuntime.CheckOneDnn()}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
