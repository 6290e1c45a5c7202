package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ConfusionWindow;
import dev.ferstream.jobs.demo.ChallengerFigures;

/**
 * One look at a running demo, for the screen: what the replay has sent and what the job has committed.
 *
 * @param facesSent     faces acknowledged by the broker (malformed ones included)
 * @param facesPlanned  faces the replay will send
 * @param labelsSent    labels acknowledged (on time, late and malformed)
 * @param labelsPlanned labels the replay will send
 * @param window        the newest confusion window, or null before the first
 * @param seconds       since the replay started
 * @param challenger    champion against challenger so far (shown only when the demo runs a challenger)
 */
record DemoProgress(long facesSent, long facesPlanned, long labelsSent, long labelsPlanned, long predictions,
                    long deadLetters, long late, double accuracySoFar, ConfusionWindow window, double seconds,
                    ChallengerFigures challenger) {
}
