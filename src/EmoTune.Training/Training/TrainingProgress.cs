namespace EmoTune.Training.Training;

/// <summary>A progress report from the trainer, sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs planned.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Running mean training loss in this epoch.</param>
/// <param name="Accuracy">Running training accuracy in this epoch.</param>
/// <param name="LearningRate">Current learning rate.</param>
/// <param name="Eta">Estimated time to the end of the run.</param>
/// <param name="Completed">The epoch's metrics once the epoch is over; null while it runs.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double LearningRate, TimeSpan Eta, EpochMetrics? Completed);
