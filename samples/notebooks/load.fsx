// Loads the Genomics libraries for the notebooks and scripts in this folder.
// Build them first:  dotnet build samples/notebooks   (Debug or Release: both write bin/net10.0)
#r "bin/net10.0/TorchSharp.dll"
#r "bin/net10.0/Genomics.Models.dll"
#r "bin/net10.0/Genomics.Interpret.dll"
#r "bin/net10.0/Genomics.Interpret.Plots.dll"
#r "bin/net10.0/Microsoft.Extensions.Logging.Abstractions.dll"

// Load libtorch through the library first: it finds the native runtime beside these assemblies and explains any
// load failure (TorchSharp's own fallback would copy unpatched libraries from the package cache).
Genomics.Models.Runtime.TorchRuntime.EnsureAvailable()
