package dev.ferstream.jobs.config;

import dev.ferstream.jobs.JobConfig;
import dev.ferstream.model.inference.Engine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code model.engine}: dnnl by default (it measures fastest in the stream), onnx, dl4j or auto on request, anything else refused with the key and the choices. */
class ModelEngineConfigTest {
    @Test
    void modelEngineKeyChoosesTheEngineAndRejectsOthers() {
        assertEquals(Engine.DNNL, JobConfig.DEFAULTS.model().engine());
        assertEquals("dnnl", JobConfig.DEFAULTS.toMap().get("model.engine"));
        assertEquals(Engine.ONNX, JobConfig.defaultsWith(Map.of("model.engine", "onnx")).model().engine());
        JobConfig dl4j = JobConfig.defaultsWith(Map.of("model.engine", "DL4J"));
        assertEquals(Engine.DL4J, dl4j.model().engine());
        assertEquals("dl4j", dl4j.toMap().get("model.engine"));
        assertEquals(Engine.DL4J, dl4j.model().withPath("models/fer-vgg").engine(), "a model swap keeps the engine");
        assertEquals(Engine.AUTO, JobConfig.defaultsWith(Map.of("model.engine", "auto")).model().engine());
        assertEquals("job config: model.engine = 'gpu' is not one of [dl4j, onnx, dnnl, auto]", assertThrows(IllegalArgumentException.class,
                () -> JobConfig.defaultsWith(Map.of("model.engine", "gpu"))).getMessage());
    }
}
