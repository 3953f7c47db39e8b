using Genomics.Models.Tuning;
using NUnit.Framework;

namespace Genomics.Models.Tests.Tuning;

public sealed class TpeSamplerTests
{
    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(10, 1)]
    [TestCase(11, 2)]
    [TestCase(249, 25)]
    [TestCase(1000, 25)]
    public void DefaultGamma_IsTenPercentRoundedUp_CappedAt25(int n, int expected) =>
        Assert.That(TpeSamplerOptions.DefaultGamma(n), Is.EqualTo(expected));

    [Test]
    public void DefaultWeights_AreOnesBelow25_ThenARampBeforeTheLast25()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TpeSamplerOptions.DefaultWeights(0), Is.Empty);
            Assert.That(TpeSamplerOptions.DefaultWeights(24), Is.EqualTo(Enumerable.Repeat(1.0, 24)));
            // numpy: np.concatenate([np.linspace(1/30, 1, 5), np.ones(25)])
            var w = TpeSamplerOptions.DefaultWeights(30);
            Assert.That(w[..5], Is.EqualTo(new[] { 1.0 / 30, 0.275, 0.51666666666666672, 0.75833333333333341, 1.0 }).Within(1e-12));
            Assert.That(w[5..], Is.EqualTo(Enumerable.Repeat(1.0, 25)));
            Assert.That(TpeSamplerOptions.DefaultWeights(26), Is.EqualTo(Enumerable.Repeat(1.0, 26).Prepend(1.0 / 26).Take(26).ToArray()));
        }
    }

    [Test]
    public void Options_Validate_NamesTheBadProperty()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Sampler.Tpe(new TpeSamplerOptions { StartupTrials = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("StartupTrials"));
            Assert.That(() => Sampler.Tpe(new TpeSamplerOptions { ExpectedImprovementCandidates = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("ExpectedImprovementCandidates"));
            Assert.That(() => Sampler.Tpe(new TpeSamplerOptions { PriorWeight = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("PriorWeight"));
        }
    }

    [Test]
    public void Split_RanksCompleteTrialsFirst_ThenPrunedByLastStep_KeepingTrialOrder()
    {
        var space = new SearchSpace();
        var x = space.Float("x", 0, 1);
        var trials = new[]
        {
            Record(space, 0, TrialState.Pruned, null, (0, 0.1)),
            Record(space, 1, TrialState.Complete, 5.0),
            Record(space, 2, TrialState.Pruned, null, (0, 0.9), (1, 0.8)),
            Record(space, 3, TrialState.Complete, 3.0),
            Record(space, 4, TrialState.Pruned, null),
        };
        _ = x;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TpeSampler.Split(trials, StudyDirection.Minimize, 2).Below, Is.EqualTo(new[] { 1, 3 }));
            Assert.That(TpeSampler.Split(trials, StudyDirection.Minimize, 3).Below, Is.EqualTo(new[] { 1, 2, 3 }), "the pruned trial that got further ranks next");
            Assert.That(TpeSampler.Split(trials, StudyDirection.Minimize, 4).Above, Is.EqualTo(new[] { 4 }), "a pruned trial without reports ranks last");
            Assert.That(TpeSampler.Split(trials, StudyDirection.Maximize, 1).Below, Is.EqualTo(new[] { 1 }));
        }
    }

    [Test]
    public void StartupTrials_AreExactlyRandomSearch()
    {
        var (space, parameters) = Mixed();
        var tpe = new Study(space, new StudyOptions { Seed = 11 }).Optimize(t => Quadratic(t, parameters), 15);
        var random = new Study(space, new StudyOptions { Seed = 11, Sampler = Sampler.RandomSearch() }).Optimize(t => Quadratic(t, parameters), 15);
        var tpeParameters = tpe.Trials.Select(t => t.Parameters.Values.ToArray()).ToArray();
        var randomParameters = random.Trials.Select(t => t.Parameters.Values.ToArray()).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tpeParameters[..10], Is.EqualTo(randomParameters[..10]));
            Assert.That(tpeParameters[10..], Is.Not.EqualTo(randomParameters[10..]));
        }
    }

    [Test]
    public void RandomSearch_IsUniform_AndLogUniformOnLogScales()
    {
        var space = new SearchSpace();
        var u = space.Float("u", 0, 10);
        var rate = space.Float("lr", 1e-5, 1e-1, log: true);
        var batch = space.Int("batch", 50, 200, step: 25);
        var result = new Study(space, new StudyOptions { Sampler = Sampler.RandomSearch(), Seed = 5 }).Optimize(_ => 0, 1400);
        var bins = new int[10];
        var decades = new int[4];
        var grid = new int[7];
        foreach (var t in result.Trials)
        {
            bins[Math.Min(9, (int)t.Get(u))]++;
            decades[Math.Clamp((int)Math.Floor(Math.Log10(t.Get(rate)) + 5), 0, 3)]++;
            grid[(t.Get(batch) - 50) / 25]++;
        }

        // Expected 140 per bin, 350 per decade, 200 per grid value; bounds at about ±4 standard deviations.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bins, Is.All.InRange(95, 185));
            Assert.That(decades, Is.All.InRange(280, 420));
            Assert.That(grid, Is.All.InRange(145, 255));
        }
    }

    [Test]
    public void Tpe_FindsBetterOptimaThanRandomSearch_OnA3dQuadratic()
    {
        // f(x, y, z) = (x − 1.3)² + (y + 2.1)² + (z − 0.4)² on [−5, 5]³, 60 trials, 12 seeds.
        var space = new SearchSpace();
        var x = space.Float("x", -5, 5);
        var y = space.Float("y", -5, 5);
        var z = space.Float("z", -5, 5);
        double Objective(Trial t) => Math.Pow(t.Get(x) - 1.3, 2) + Math.Pow(t.Get(y) + 2.1, 2) + Math.Pow(t.Get(z) - 0.4, 2);
        var (tpe, random) = MeanBest(space, Objective, trials: 60, seeds: 12);
        TestContext.Out.WriteLine($"mean best: TPE {tpe:G4}, random {random:G4}");
        Assert.That(tpe, Is.LessThan(0.5 * random));
    }

    [Test]
    public void Tpe_FindsBetterOptimaThanRandomSearch_OnACategoricalIntegerLogMix()
    {
        var (space, parameters) = Mixed();
        var (tpe, random) = MeanBest(space, t => Quadratic(t, parameters), trials: 60, seeds: 12);
        TestContext.Out.WriteLine($"mean best: TPE {tpe:G4}, random {random:G4}");
        Assert.That(tpe, Is.LessThan(0.5 * random));
    }

    [Test]
    public void Tpe_LogScaleSuggestions_StayInRange()
    {
        var space = new SearchSpace();
        var rate = space.Float("lr", 1e-5, 1e-1, log: true);
        var depth = space.Int("depth", 1, 64, log: true);
        // Pull the search towards the lower edge so the kernels crowd the boundary.
        var result = new Study(space, new StudyOptions { Seed = 3 }).Optimize(t => Math.Log10(t.Get(rate)) + Math.Log2(t.Get(depth)), 80);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Trials.Select(t => t.Get(rate)), Is.All.InRange(1e-5, 1e-1));
            Assert.That(result.Trials.Select(t => t.Get(depth)), Is.All.InRange(1, 64));
            Assert.That(result.BestTrial!.Get(rate), Is.LessThan(1e-4));
        }
    }

    internal static (SearchSpace Space, (CategoricalParameter<string> Optimiser, IntParameter Filters, FloatParameter Rate) Parameters) Mixed()
    {
        var space = new SearchSpace();
        var optimiser = space.Categorical("optimiser", ["sgd", "adam", "rmsprop", "adagrad"]);
        var filters = space.Int("filters", 0, 60, step: 2);
        var rate = space.Float("lr", 1e-5, 1e-1, log: true);
        return (space, (optimiser, filters, rate));
    }

    /// <summary>Best at optimiser adam, 22 filters, lr 1e-3: 0 there, ≥ 4 with any other optimiser.</summary>
    internal static double Quadratic(Trial t, (CategoricalParameter<string> Optimiser, IntParameter Filters, FloatParameter Rate) p) =>
        (t.Get(p.Optimiser) == "adam" ? 0 : 4)
        + Math.Pow((t.Get(p.Filters) - 22) / 10.0, 2)
        + Math.Pow(Math.Log10(t.Get(p.Rate)) + 3, 2);

    private static (double Tpe, double Random) MeanBest(SearchSpace space, Func<Trial, double> objective, int trials, int seeds)
    {
        double tpe = 0, random = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            tpe += new Study(space, new StudyOptions { Seed = seed }).Optimize(objective, trials).BestTrial!.Value!.Value;
            random += new Study(space, new StudyOptions { Seed = seed, Sampler = Sampler.RandomSearch() }).Optimize(objective, trials).BestTrial!.Value!.Value;
        }

        return (tpe / seeds, random / seeds);
    }

    private static TrialRecord Record(SearchSpace space, int number, TrialState state, double? value, params (int Step, double Value)[] reports) =>
        new(number, state, value, [0.5], space.Parameters, new SortedDictionary<int, double>(reports.ToDictionary(r => r.Step, r => r.Value)), TimeSpan.Zero, null);
}
