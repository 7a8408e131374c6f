namespace EmoTune.Training.Training;

/// <summary>Learning rate as a pure function of the step, so a resumed run needs no scheduler state.</summary>
public static class LearningRateSchedule
{
    /// <summary>Learning rate at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>.</summary>
    public static double At(TrainingOptions o, long step, long totalSteps, long stepsPerEpoch)
    {
        var progress = Math.Clamp((double)step / Math.Max(1, totalSteps), 0, 1);
        switch (o.Schedule)
        {
            case ScheduleKind.OneCycle:
                const double rise = 0.3;
                var start = o.LearningRate / 25;
                if (progress < rise)
                {
                    return start + ((o.LearningRate - start) * (1 - Math.Cos(Math.PI * progress / rise)) / 2);
                }

                var t = (progress - rise) / (1 - rise);
                return o.MinLearningRate + ((o.LearningRate - o.MinLearningRate) * (1 + Math.Cos(Math.PI * t)) / 2);
            default:
                var warmup = (long)Math.Round(o.WarmupEpochs * stepsPerEpoch);
                if (step < warmup)
                {
                    return o.LearningRate * (step + 1) / warmup;
                }

                var c = (double)(step - warmup) / Math.Max(1, totalSteps - warmup);
                return o.MinLearningRate + ((o.LearningRate - o.MinLearningRate) * (1 + Math.Cos(Math.PI * Math.Clamp(c, 0, 1))) / 2);
        }
    }
}
