package dev.ferstream.jobs.config;

import dev.ferstream.jobs.JobConfig;
import dev.ferstream.model.inference.Engine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code model.engine}: dl4j by default, onnx on request, anything else refused with the key and the choices. */
class ModelEngineConfigTest {
    @Test
    void modelEngineKeyChoosesTheEngineAndRejectsOthers() {
        assertEquals(Engine.DL4J, JobConfig.DEFAULTS.model().engine());
        assertEquals("dl4j", JobConfig.DEFAULTS.toMap().get("model.engine"));
        JobConfig onnx = JobConfig.defaultsWith(Map.of("model.engine", "ONNX"));
        assertEquals(Engine.ONNX, onnx.model().engine());
        assertEquals("onnx", onnx.toMap().get("model.engine"));
        assertEquals(Engine.ONNX, onnx.model().withPath("models/fer-vgg").engine(), "a model swap keeps the engine");
        assertEquals("job config: model.engine = 'gpu' is not dl4j or onnx", assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("model.engine", "gpu"))).getMessage());
    }
}
