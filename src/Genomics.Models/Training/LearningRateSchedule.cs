namespace Genomics.Models.Training;

/// <summary>
/// How the learning rate changes during training. Build one with the static factories; the <see cref="Trainer"/>
/// creates a fresh state for every run, so a schedule object can be reused.
/// </summary>
public abstract class LearningRateSchedule
{
    private protected LearningRateSchedule()
    {
    }

    /// <summary>A constant learning rate.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>
    /// A triangular cyclic schedule (Smith 2017) stepped after every optimiser step: from <paramref name="minimum"/>
    /// up to <paramref name="maximum"/> over <paramref name="stepsUp"/> steps and back down over as many.
    /// </summary>
    /// <param name="minimum">The lowest rate, &gt; 0.</param>
    /// <param name="maximum">The highest rate, ≥ <paramref name="minimum"/>.</param>
    /// <param name="stepsUp">Steps of a half cycle, ≥ 1 (DeepAllele uses 2,000).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule Cyclic(double minimum, double maximum, int stepsUp)
    {
        if (!(minimum > 0) || !double.IsFinite(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum rate must be positive and finite.");
        }

        if (!(maximum >= minimum) || !double.IsFinite(maximum))
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "The maximum rate must be finite and at least the minimum.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(stepsUp, 1);
        return new CyclicSchedule(minimum, maximum, stepsUp);
    }

    /// <summary>
    /// Multiplies the rate by <paramref name="factor"/> when the monitored validation value has not improved for
    /// <paramref name="patience"/> epochs (as Keras ReduceLROnPlateau and PyTorch's scheduler), never below <paramref name="minimum"/>.
    /// </summary>
    /// <param name="factor">Multiplier in (0, 1). Default 0.1.</param>
    /// <param name="patience">Epochs without improvement before reducing, ≥ 0. Default 5.</param>
    /// <param name="minimum">The floor, ≥ 0. Default 0.</param>
    /// <returns>The schedule (it follows the trainer's <see cref="TrainerOptions.Monitor"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static LearningRateSchedule ReduceOnPlateau(double factor = 0.1, int patience = 5, double minimum = 0)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (!(minimum >= 0) || !double.IsFinite(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "The minimum must be finite and non-negative.");
        }

        return new PlateauSchedule(factor, patience, minimum);
    }

    /// <summary>Inverse-time decay per optimiser step, rate_t = rate / (1 + t · decay) (Lua Torch's learningRateDecay; DeepChrome uses 1e-7).</summary>
    /// <param name="decay">The decay, ≥ 0.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is negative or not finite.</exception>
    public static LearningRateSchedule InverseTimeDecay(double decay)
    {
        if (!(decay >= 0) || !double.IsFinite(decay))
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be finite and non-negative.");
        }

        return new InverseTimeSchedule(decay);
    }

    /// <summary>Creates the mutable state of one training run.</summary>
    /// <param name="initialRate">The optimiser's initial rate.</param>
    /// <returns>The state.</returns>
    internal abstract State Start(double initialRate);

    /// <summary>The per-run state of a schedule.</summary>
    internal abstract class State
    {
        /// <summary>The current rate.</summary>
        public double Rate { get; protected set; }

        /// <summary>Called after optimiser step <paramref name="step"/> (0-based, counted over the whole run).</summary>
        /// <param name="step">The step just taken.</param>
        public virtual void AfterStep(long step)
        {
        }

        /// <summary>Called after each epoch with whether the monitored value improved.</summary>
        /// <param name="improved">True when the monitored value improved this epoch.</param>
        public virtual void AfterEpoch(bool improved)
        {
        }

        /// <summary>The values that make up the state (the rate first), for a training-state file.</summary>
        /// <returns>The values; <see cref="Import"/> takes them back.</returns>
        public virtual double[] Export() => [Rate];

        /// <summary>Restores a state saved by <see cref="Export"/>.</summary>
        /// <param name="values">The exported values.</param>
        /// <exception cref="InvalidDataException">The values do not fit this schedule.</exception>
        public virtual void Import(IReadOnlyList<double> values)
        {
            Expect(values, 1);
            Rate = values[0];
        }

        /// <summary>Checks the number and finiteness of imported values.</summary>
        /// <param name="values">The values.</param>
        /// <param name="count">The number this schedule exports.</param>
        /// <exception cref="InvalidDataException">The count differs or a value is not finite.</exception>
        protected void Expect(IReadOnlyList<double> values, int count)
        {
            ArgumentNullException.ThrowIfNull(values);
            if (values.Count != count || values.Any(v => !double.IsFinite(v)))
            {
                throw new InvalidDataException(
                    $"The saved learning-rate schedule state has {values.Count} values [{string.Join(", ", values)}]; {GetType().DeclaringType?.Name} expects {count} finite values.");
            }
        }
    }

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        internal override State Start(double initialRate) => new Fixed(initialRate);

        private sealed class Fixed : State
        {
            public Fixed(double rate) => Rate = rate;
        }
    }

    private sealed class CyclicSchedule(double minimum, double maximum, int stepsUp) : LearningRateSchedule
    {
        internal override State Start(double initialRate) => new Run(minimum, maximum, stepsUp);

        private sealed class Run : State
        {
            private readonly double _min;
            private readonly double _max;
            private readonly int _up;

            public Run(double min, double max, int up)
            {
                _min = min;
                _max = max;
                _up = up;
                Rate = min;
            }

            public override void AfterStep(long step)
            {
                var t = step + 1;
                var cycle = Math.Floor(1.0 + (t / (2.0 * _up)));
                var x = Math.Abs((t / (double)_up) - (2 * cycle) + 1);
                Rate = _min + ((_max - _min) * Math.Max(0, 1 - x));
            }
        }
    }

    private sealed class PlateauSchedule(double factor, int patience, double minimum) : LearningRateSchedule
    {
        internal override State Start(double initialRate) => new Run(initialRate, factor, patience, minimum);

        private sealed class Run : State
        {
            private readonly double _factor;
            private readonly int _patience;
            private readonly double _min;
            private int _bad;

            public Run(double rate, double factor, int patience, double min)
            {
                Rate = rate;
                _factor = factor;
                _patience = patience;
                _min = min;
            }

            public override void AfterEpoch(bool improved)
            {
                if (improved)
                {
                    _bad = 0;
                    return;
                }

                if (++_bad > _patience)
                {
                    Rate = Math.Max(_min, Rate * _factor);
                    _bad = 0;
                }
            }

            public override double[] Export() => [Rate, _bad];

            public override void Import(IReadOnlyList<double> values)
            {
                Expect(values, 2);
                Rate = values[0];
                _bad = (int)values[1];
            }
        }
    }

    private sealed class InverseTimeSchedule(double decay) : LearningRateSchedule
    {
        internal override State Start(double initialRate) => new Run(initialRate, decay);

        private sealed class Run : State
        {
            private readonly double _initial;
            private readonly double _decay;

            public Run(double initial, double decay)
            {
                _initial = initial;
                _decay = decay;
                Rate = initial;
            }

            public override void AfterStep(long step) => Rate = _initial / (1 + ((step + 1) * _decay));
        }
    }
}
