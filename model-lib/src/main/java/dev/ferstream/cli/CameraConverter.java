package dev.ferstream.cli;

import dev.ferstream.data.CameraShift;
import picocli.CommandLine;

/**
 * Turns {@code --camera NAME} into its {@link CameraShift} preset, for both jars (evaluate and compare in training,
 * replay in jobs): an unknown name is a usage error whose one line lists the known ones.
 */
public final class CameraConverter implements CommandLine.ITypeConverter<CameraShift> {
    /** The option's help text, one home for both jars. */
    public static final String DESCRIPTION = "shift every face as camera NAME would take it (labels unchanged): night "
            + "(dim: blur, dark gamma, low contrast, sensor noise) or dusk (milder); the noise is seeded by face id, so "
            + "replay, evaluate and compare see the same pixels";

    @Override
    public CameraShift convert(String value) {
        try {
            return CameraShift.named(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
