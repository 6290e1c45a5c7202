package dev.ferstream.jobs.config;

import dev.ferstream.jobs.JobConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackSettingsTest {
    @Test
    void offByDefaultOnWithAPathAndRoundTripped() {
        assertFalse(JobConfig.DEFAULTS.feedback().enabled());
        assertEquals("", JobConfig.DEFAULTS.toMap().get("feedback.path"));
        JobConfig on = JobConfig.defaultsWith(Map.of("feedback.path", " file:///srv/ferstream/feedback "));
        assertTrue(on.feedback().enabled());
        assertEquals("file:///srv/ferstream/feedback", on.feedback().path());
        assertEquals(on, JobConfig.fromMap(on.toMap()));
        assertEquals(on.feedback(), JobConfig.DEFAULTS.withFeedback(on.feedback()).feedback());
    }

    @Test
    void aPathFlinkCannotParseIsRejectedAtStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("feedback.path", "://feedback")));
        assertEquals("job config: feedback.path is not a URI or path: '://feedback'", e.getMessage());
    }
}
