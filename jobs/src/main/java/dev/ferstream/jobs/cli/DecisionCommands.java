package dev.ferstream.jobs.cli;

import dev.ferstream.avro.ModelUpdate;
import dev.ferstream.jobs.kafka.ModelsTopic;
import dev.ferstream.jobs.lifecycle.Decisions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The three commands that turn an earlier decision into a new one on the models topic. */
final class DecisionCommands {
    private DecisionCommands() {
    }

    static int decide(ModelsTopicOptions options, Function<List<ModelUpdate>, ModelUpdate> decision) {
        ModelsTopic topic = options.topic();
        ModelUpdate update = decision.apply(topic.read().updates());
        topic.append(update);
        System.out.printf(Locale.ROOT, "%s: %s/%s is now %s%n", update.getDecidedBy(), update.getName(),
                update.getVersion(), update.getRole().name().toLowerCase(Locale.ROOT));
        return 0;
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Make the challenger (or --version V) the champion of every running job.")
    static final class Promote implements Callable<Integer> {
        @Option(names = "--version", paramLabel = "V", description = "version to promote (default: the challenger)")
        String version;

        @Mixin
        ModelsTopicOptions topic;

        @Override
        public Integer call() {
            return decide(topic, history -> Decisions.promote(history, version));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Make the previous champion the champion again.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        ModelsTopicOptions topic;

        @Override
        public Integer call() {
            return decide(topic, Decisions::rollback);
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Stop shadowing the challenger.")
    static final class Retire implements Callable<Integer> {
        @Mixin
        ModelsTopicOptions topic;

        @Override
        public Integer call() {
            return decide(topic, Decisions::retire);
        }
    }
}
