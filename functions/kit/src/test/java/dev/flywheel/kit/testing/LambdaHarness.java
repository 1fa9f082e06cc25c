package dev.flywheel.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.json.Json;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Drives a function exactly as Lambda does: raw event JSON into {@link FunctionInvoker#handleRequest}, raw
 * response JSON out. Fixtures come from the classpath (the flywheel-events jar: {@code orders/post-order.json}).
 */
public final class LambdaHarness {
    private final FunctionInvoker invoker;
    private final String functionName;

    public LambdaHarness(String definition, String functionName) {
        this.invoker = new FunctionInvoker(definition);
        this.functionName = functionName;
    }

    public JsonNode invoke(byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(event), out, new TestContext(functionName));
            return Json.tree(out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode invokeFixture(String name) {
        return invoke(fixture(name));
    }

    public static byte[] fixture(String name) {
        try (InputStream in = LambdaHarness.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name + " on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String fixtureText(String name) {
        return new String(fixture(name), StandardCharsets.UTF_8);
    }
}
