package dev.flywheel.kit.spring;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit reads HTTP events with its Jackson instead of Lambda's serializer (a cold-start saving): for every API
 * Gateway payload 2.0 fixture in events/ the two give the same event, field by field, and a field that API Gateway
 * might add later is ignored by both.
 */
class HttpEventReadingTest {

    @Test
    void everyHttpFixtureReadsAsLambdasOwnSerializerReadsIt() throws Exception {
        var lambda = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader());
        List<Path> fixtures = httpFixtures();
        assertTrue(fixtures.size() >= 30, "the HTTP fixtures of events/ were found: " + fixtures.size());
        for (Path fixture : fixtures) {
            byte[] json = Files.readAllBytes(fixture);
            APIGatewayV2HTTPEvent expected = lambda.fromJson(new ByteArrayInputStream(json));
            assertEquals(expected, FunctionRegistrar.HTTP_EVENTS.readValue(json), fixture.toString());
        }
    }

    @Test
    void aFieldApiGatewayAddsLaterIsIgnored() throws Exception {
        String json = "{\"version\":\"2.0\",\"routeKey\":\"GET /x\",\"rawPath\":\"/x\",\"isBase64Encoded\":true,\"body\":\"e30=\","
                + "\"someFieldOfTomorrow\":{\"a\":1},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/x\"},\"newThing\":2}}";
        APIGatewayV2HTTPEvent event = FunctionRegistrar.HTTP_EVENTS.readValue(json.getBytes(StandardCharsets.UTF_8));
        assertEquals("/x", event.getRawPath());
        assertTrue(event.getIsBase64Encoded());
        assertEquals("GET", event.getRequestContext().getHttp().getMethod());
    }

    /** Every fixture of the events module (a directory in the build, a jar otherwise) that is an HTTP API event. */
    private static List<Path> httpFixtures() throws IOException, URISyntaxException {
        URI known = HttpEventReadingTest.class.getClassLoader().getResource("orders/post-order.json").toURI();
        Path root;
        if (known.getScheme().equals("jar")) {
            FileSystem jar;
            try {
                jar = FileSystems.newFileSystem(known, Map.of());
            } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                jar = FileSystems.getFileSystem(known);
            }
            root = jar.getPath("/");
        } else {
            root = Path.of(known).getParent().getParent();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("schemas"))
                    .filter(p -> read(p).contains("\"rawPath\"")).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
