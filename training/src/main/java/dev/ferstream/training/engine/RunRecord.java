package dev.ferstream.training.engine;

import dev.ferstream.model.bundle.TrainingRun;
import dev.ferstream.model.bundle.TrainingSettings;

import java.util.ArrayList;
import java.util.List;

/** This invocation's place in the bundle's history: the runs before it, and where it started. */
record RunRecord(List<TrainingRun> earlier, String startedFrom, int firstEpoch, double secondsBefore) {
    /** The record of a run starting after {@code state} from {@code startedFrom} (fresh, checkpoint, bundle). */
    static RunRecord startingAfter(TrainingState state, String startedFrom, List<TrainingRun> earlier) {
        return new RunRecord(earlier, startedFrom, state.epochsDone() + 1, state.trainingSeconds());
    }

    /** The earlier runs plus this one, if it has trained an epoch yet. */
    List<TrainingRun> with(TrainingState state, TrainingSettings settings, String commit, String now) {
        List<TrainingRun> runs = new ArrayList<>(earlier);
        if (state.epochsDone() >= firstEpoch) {
            runs.add(new TrainingRun(firstEpoch, state.epochsDone(), startedFrom, settings,
                    RunMetadata.round(state.trainingSeconds() - secondsBefore), commit, now));
        }
        return List.copyOf(runs);
    }
}
