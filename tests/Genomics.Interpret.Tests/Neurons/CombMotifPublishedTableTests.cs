using System.Globalization;
using Genomics.Interpret.Neurons;
using Genomics.TestKit;
using NUnit.Framework;

namespace Genomics.Interpret.Tests.Neurons;

/// <summary>
/// The library's motif-pair classification (<see cref="MotifPairEpistasisAnalysis.Classify"/>) applied to CombMotif's
/// published scramble table (shared data combmotif/motif_scramble_stats.csv: 50 pairs of conv5 neurons of the half-life
/// model, signed Wilcoxon p-values a−o, b−o, ab−a, ab−b, ab−o, interaction type and interaction p), row by row.
/// </summary>
/// <remarks>
/// The table holds no means, so the direction of mean(joint) − mean(marginal) is taken from the signed p-values where
/// their signs fix it: joint − marginal = (o − a) + (n − b) = (o − b) + (n − a), and a signed p is negative when its
/// first group's mean is larger, so sign(o − a) = sign(p a−o), sign(n − b) = −sign(p ab−b), sign(o − b) = sign(p b−o),
/// sign(n − a) = −sign(p ab−a). When neither pair of terms agrees in sign the direction is open, and a row agrees when
/// the published type is one of the rule's outcomes for the two directions.
/// </remarks>
public sealed class CombMotifPublishedTableTests
{
    /// <summary>How a row of the published table compares with the rule.</summary>
    private enum Agreement
    {
        /// <summary>The rule's outcome is fixed by the row and equals the published type.</summary>
        Agrees,

        /// <summary>The row leaves the synergy direction open; the published type is one of the rule's two outcomes.</summary>
        AgreesDirectionOpen,

        /// <summary>The table reports "addictive" with interaction p 0 (no test); the rule reads p 0 as significant.</summary>
        InteractionPZero,

        /// <summary>The interaction p is missing.</summary>
        InteractionPMissing,

        /// <summary>Any other difference.</summary>
        Unexplained,
    }

    private sealed record Row(int Line, string Task, string MotifA, string MotifB, double PA, double PB, double PNA, double PNB, double PNO, InteractionType Published, double InteractionP)
    {
        public string Name => $"{Task} {MotifA}×{MotifB}";
    }

    [Test]
    public void PublishedTable_CodeRuleAgreesWithEveryRowWithATest_AndTheReadmeRuleDisagreesWithTheOnePositiveSynergisticRow()
    {
        var rows = ReadTable();
        var code = rows.Select(r => (Row: r, Agreement: Compare(r, EpistasisRule.Code))).ToArray();
        var readme = rows.Select(r => (Row: r, Agreement: Compare(r, EpistasisRule.Readme))).ToArray();
        var zero = code.Where(c => c.Agreement == Agreement.InteractionPZero).Select(c => c.Row).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Has.Length.EqualTo(50));
            Assert.That(code.Count(c => c.Agreement == Agreement.Agrees), Is.EqualTo(24), "rows whose outcome the table fixes and the rule reproduces");
            Assert.That(code.Count(c => c.Agreement == Agreement.AgreesDirectionOpen), Is.EqualTo(22), "significant rows whose synergy direction the signs leave open");
            Assert.That(code.Count(c => c.Agreement == Agreement.InteractionPMissing), Is.Zero);
            Assert.That(code.Where(c => c.Agreement == Agreement.Unexplained).Select(c => c.Row.Name), Is.Empty, "every disagreement falls into an explained category");
            var agreeing = code.Where(c => c.Agreement == Agreement.Agrees).Select(c => c.Row).ToArray();
            Assert.That(agreeing.Count(r => r.Published == InteractionType.Additive && r.InteractionP >= 0.05), Is.EqualTo(22), "agreeing additive rows (interaction p ≥ 0.05)");
            Assert.That(agreeing.Where(r => r.Published != InteractionType.Additive).Select(r => (r.Name, r.Published)), Is.EqualTo(new[] { ("conv5_neuron13 CGCCGC×CCCCCN", InteractionType.PositiveSynergistic), ("conv5_neuron23 AAAAAA×TTTTTT", InteractionType.NegativeSynergistic) }), "agreeing rows with a significant interaction whose direction the signs fix");
            var open = code.Where(c => c.Agreement == Agreement.AgreesDirectionOpen).Select(c => c.Row).ToArray();
            Assert.That(open, Has.All.Matches<Row>(r => r.PA < 0 && r.InteractionP < 0.05), "direction-open rows: negative motif A, significant interaction");
            Assert.That(open.Count(r => r.Published == InteractionType.NegativeAntagonistic), Is.EqualTo(19));
            Assert.That(open.Where(r => r.Published == InteractionType.NegativeSynergistic).Select(r => r.Name), Is.EqualTo(new[] { "conv5_neuron22 TTTTTT×TTTTTT", "conv5_neuron40 TTTTTT×TTTTTT", "conv5_neuron49 TATATA×TATATA" }));
            Assert.That(zero.Select(r => r.Name), Is.EqualTo(new[] { "conv5_neuron33 ACACAC×ATATA", "conv5_neuron37 AGAGAG×TTTTT", "conv5_neuron41 TATATA×ACACAC", "conv5_neuron52 TTTT×CCCC" }));

            // The p-0 rows are exactly the pairs whose A and B act in opposite directions (not both significant, so not
            // CombMotif's "none"): the published code reports them as additive without a test.
            Assert.That(rows.Where(r => Math.Sign(r.PA) != Math.Sign(r.PB)).Select(r => r.Name), Is.EqualTo(zero.Select(r => r.Name)));
            Assert.That(zero, Has.All.Matches<Row>(r => r.Published == InteractionType.Additive && !MotifPairEpistasisAnalysis.AreOpposite(r.PA, r.PB)));
            Assert.That(rows.Where(r => r.Published == InteractionType.Opposite), Is.Empty, "the table has no type 'none'");

            // The README's inequality (positive motifs the other way round) differs on the one determined positive row
            // with a test, conv5_neuron13 CGCCGC×CCCCCN (published positive_synergistic, p 0.041); negative rows are the same.
            var flipped = code.Zip(readme).Where(t => t.First.Agreement != Agreement.InteractionPZero && t.First.Agreement != t.Second.Agreement).Select(t => (t.First.Row.Name, t.Second.Agreement)).ToArray();
            Assert.That(flipped, Is.EqualTo(new[] { ("conv5_neuron13 CGCCGC×CCCCCN", Agreement.Unexplained) }));
            var neuron13 = rows.Single(r => r.Name == "conv5_neuron13 CGCCGC×CCCCCN");
            Assert.That(Direction(neuron13), Is.EqualTo(1), "joint > marginal: o − a > 0 (p a−o 0.13) and n − b > 0 (p ab−b −0.22)");
            Assert.That(Classify(neuron13, 1, EpistasisRule.Readme), Is.EqualTo(InteractionType.PositiveAntagonistic));
        }
    }

    [Test]
    public void Classify_FollowsTheRuleAndValidatesItsArguments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MotifPairEpistasisAnalysis.Classify(0.01, -0.02, 0.001, 1), Is.EqualTo(InteractionType.Opposite));
            Assert.That(MotifPairEpistasisAnalysis.Classify(0.01, -0.2, 0.001, 1), Is.EqualTo(InteractionType.PositiveSynergistic));
            Assert.That(MotifPairEpistasisAnalysis.Classify(0.01, 0.02, 0.001, -1), Is.EqualTo(InteractionType.PositiveAntagonistic));
            Assert.That(MotifPairEpistasisAnalysis.Classify(0.01, 0.02, 0.001, 1, rule: EpistasisRule.Readme), Is.EqualTo(InteractionType.PositiveAntagonistic));
            Assert.That(MotifPairEpistasisAnalysis.Classify(-0.01, -0.02, 0.001, -1), Is.EqualTo(InteractionType.NegativeSynergistic));
            Assert.That(MotifPairEpistasisAnalysis.Classify(-0.01, -0.02, 0.001, 1, rule: EpistasisRule.Readme), Is.EqualTo(InteractionType.NegativeAntagonistic));
            Assert.That(MotifPairEpistasisAnalysis.Classify(-0.01, -0.02, 0.06, 1), Is.EqualTo(InteractionType.Additive));
            Assert.That(MotifPairEpistasisAnalysis.Classify(-0.01, -0.02, double.NaN, 1), Is.EqualTo(InteractionType.Additive));
            Assert.That(MotifPairEpistasisAnalysis.Classify(0.01, 0.02, 0.001, 0), Is.EqualTo(InteractionType.Additive), "equal means");
            Assert.That(() => MotifPairEpistasisAnalysis.Classify(0.01, 0.02, 0.001, 1, alpha: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("alpha"));
            Assert.That(() => MotifPairEpistasisAnalysis.Classify(0.01, 0.02, 0.001, 1, rule: (EpistasisRule)7), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("rule"));
            Assert.That(() => MotifPairEpistasisAnalysis.AreOpposite(0.01, -0.02, double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("alpha"));
        }
    }

    private static Agreement Compare(Row row, EpistasisRule rule)
    {
        if (double.IsNaN(row.InteractionP))
        {
            return Agreement.InteractionPMissing;
        }

        var direction = Direction(row);
        var outcomes = (direction is { } d ? new[] { d } : [1, -1]).Select(x => Classify(row, x, rule)).Distinct().ToArray();
        if (outcomes.Contains(row.Published))
        {
            return outcomes.Length == 1 ? Agreement.Agrees : Agreement.AgreesDirectionOpen;
        }

        return row.InteractionP == 0 ? Agreement.InteractionPZero : Agreement.Unexplained;
    }

    private static InteractionType Classify(Row row, int direction, EpistasisRule rule) => MotifPairEpistasisAnalysis.Classify(row.PA, row.PB, row.InteractionP, direction, rule: rule);

    /// <summary>The sign of mean(joint) − mean(marginal) where the signed p-values fix it; null where they do not.</summary>
    private static int? Direction(Row row)
    {
        int Sign(double p) => double.IsNaN(p) ? 0 : Math.Sign(p);
        var (oa, nb) = (Sign(row.PA), -Sign(row.PNB));
        if (oa != 0 && oa == nb)
        {
            return oa;
        }

        var (ob, na) = (Sign(row.PB), -Sign(row.PNA));
        return ob != 0 && ob == na ? ob : null;
    }

    private static Row[] ReadTable()
    {
        var path = SharedData.Path("combmotif", "motif_scramble_stats.csv");
        var lines = File.ReadAllLines(path);
        Assert.That(lines[0], Is.EqualTo("task,motifA_id,motifB_id,motifA,motifB,a-o,b-o,ab-a,ab-b,ab-o,Wilcoxon-p,interaction,interaction-p"), path);
        return lines.Skip(1).Where(l => l.Length > 0).Select((l, i) =>
        {
            var f = l.Split(',');
            Assert.That(f, Has.Length.EqualTo(13), $"{path}:{i + 2}");
            double P(int k) => f[k].Length == 0 ? double.NaN : double.Parse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            return new Row(i + 2, f[0], f[3], f[4], P(5), P(6), P(7), P(8), P(9), Published(f[11], $"{path}:{i + 2}"), P(12));
        }).ToArray();
    }

    /// <summary>CombMotif's type names ("addictive" is its spelling of additive; "none" = both significant, opposite).</summary>
    private static InteractionType Published(string name, string where) => name switch
    {
        "addictive" => InteractionType.Additive,
        "positive_synergistic" => InteractionType.PositiveSynergistic,
        "positive_antagonistic" => InteractionType.PositiveAntagonistic,
        "negative_synergistic" => InteractionType.NegativeSynergistic,
        "negative_antagonistic" => InteractionType.NegativeAntagonistic,
        "none" => InteractionType.Opposite,
        _ => throw new FormatException($"{where}: unknown interaction type '{name}'."),
    };
}
