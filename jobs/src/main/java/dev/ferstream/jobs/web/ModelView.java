package dev.ferstream.jobs.web;

/**
 * One model version as the page lists it. {@code role}: {@code champion} (the version of the newest record on the
 * predictions topic), {@code challenger} (its newest record was a shadow prediction) or {@code former} (it served
 * on the predictions topic before the current champion). {@code compared} counts the faces this version scored as
 * a challenger that the champion also scored, {@code agreed} those where both gave the same label;
 * {@code agreement} = agreed / compared (NaN before the first comparison).
 */
public record ModelView(String version, String role, long predictions, long shadowPredictions, long compared, long agreed,
                        double agreement) {
}
