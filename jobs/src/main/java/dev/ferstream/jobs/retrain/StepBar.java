package dev.ferstream.jobs.retrain;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of one retrain step, in the style of the training epochs' bars (ASCII, on stderr, so stdout keeps
 * only the JSON summary). The fine-tune step shows the trainer's own bar per epoch.
 */
final class StepBar {
    private StepBar() {
    }

    static ProgressBar of(String step, long units, String unitName) {
        return new ProgressBarBuilder().setTaskName(step).setInitialMax(units).setUnit(" " + unitName, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
    }
}
