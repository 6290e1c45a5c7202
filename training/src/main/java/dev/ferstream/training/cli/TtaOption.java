package dev.ferstream.training.cli;

import dev.ferstream.model.inference.TestTimeAugmentation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --tta [none|mirror|shifts]}, shared by evaluate and predict. Given alone it means {@code mirror}, the
 * homework's face-plus-mirror average, so existing command lines keep their meaning.
 */
final class TtaOption {
    @Option(names = "--tta", arity = "0..1", fallbackValue = "mirror", defaultValue = "none", converter = Converter.class,
            paramLabel = "VIEWS",
            description = "test-time augmentation: mirror (the value when --tta is given alone: average the face and its"
                    + " mirror image), shifts (10 views: the face and its mirror, each also shifted 2 px left, right, up"
                    + " and down) or none (default)")
    TestTimeAugmentation tta;

    /** An unknown value is a usage error naming the accepted ones. */
    static final class Converter implements CommandLine.ITypeConverter<TestTimeAugmentation> {
        @Override
        public TestTimeAugmentation convert(String value) {
            try {
                return TestTimeAugmentation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
