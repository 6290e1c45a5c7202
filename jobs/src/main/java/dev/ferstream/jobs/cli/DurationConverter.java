package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.DurationParser;
import picocli.CommandLine.ITypeConverter;

import java.time.Duration;

/** Lets options take typed durations ("500ms", "30s", "10m"); a bad value becomes picocli's one-line usage error. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return DurationParser.parse(value);
    }
}
