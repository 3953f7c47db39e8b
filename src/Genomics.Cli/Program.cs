using Genomics.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return GenomicsCli.Run(args, cancellationToken: cancellation.Token);
