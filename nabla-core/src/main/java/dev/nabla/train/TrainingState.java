package dev.nabla.train;

import dev.nabla.data.DataLoader.Position;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the model and optimizer tensors that a resumed run needs to continue exactly where
 * a checkpoint was taken: the step, where the data stream stands, the state of every random generator,
 * the evaluations so far and the training time. Checkpoints are taken right after an evaluation, when
 * the running training averages start afresh, so those need no saving.
 */
public record TrainingState(long step, Position position, Map<String, long[]> rngStates, List<Evaluation> history,
        double seconds) {}
