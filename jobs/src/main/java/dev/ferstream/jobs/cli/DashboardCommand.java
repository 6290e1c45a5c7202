package dev.ferstream.jobs.cli;

import dev.ferstream.jobs.JobConfig;
import dev.ferstream.jobs.kafka.KafkaClientConfig;
import dev.ferstream.jobs.web.TopicFeed;
import dev.ferstream.jobs.web.ViewTopics;
import dev.ferstream.jobs.web.WebView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dashboard}: the live web view against a running job's Kafka (what {@code demo} serves on its embedded
 * broker). Reads the topics as a downstream consumer and never commits, so it can be started and stopped at will.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the live web view (confusion heatmap, accuracy, saliency gallery) for a job's Kafka topics.")
final class DashboardCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (or bootstrap.servers in --kafka-config)")
    String bootstrapServers;
    @Mixin
    KafkaConfigOption kafka;
    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "listen address; 0.0.0.0 in a container (default: ${DEFAULT-VALUE})")
    String bind;
    @Option(names = "--from", defaultValue = "latest", paramLabel = "earliest|latest", description = "start at the topics' beginning or now (default: ${DEFAULT-VALUE})")
    String from;
    /** For the topic names only (topic.faces, topic.labels, topic.confusion, topic.saliency). */
    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        JobConfig config = job.config(JobConfig.DEFAULTS);
        TopicFeed.requireFrom(from); // before the broker check: a bad option is named at once
        KafkaClientConfig client = kafka.connect(bootstrapServers);
        CountDownLatch stopped = new CountDownLatch(1);
        try (WebView web = WebView.start(client, ViewTopics.of(config.topics()), from, bind, port)) {
            System.out.println("live view at " + web.url() + " (Kafka " + client.bootstrapServers() + "); Ctrl-C stops it");
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "dashboard-stop"));
            stopped.await();
        }
        return 0;
    }
}
