package dev.flywheel.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AWS JSON 1.0 protocol as DynamoDB speaks it, checked on raw HTTP, and the AWS CLI against the engine. */
class WireProtocolTest extends EngineTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) request.header("X-Amz-Target", target);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersCarryTheirCrc32AndTheJsonContentType() throws Exception {
        var response = post("DynamoDB_20120810.ListTables", "{}");
        assertEquals(200, response.statusCode());
        CRC32 crc = new CRC32();
        crc.update(response.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(String.valueOf(crc.getValue()), response.headers().firstValue("x-amz-crc32").orElseThrow());
        assertEquals("application/x-amz-json-1.0", response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void errorsAreShapedAsDynamoDbShapesThem() throws Exception {
        assertError(post("DynamoDB_20120810.NoSuchThing", "{}"), 400, "com.amazonaws.dynamodb.v20120810#UnknownOperationException");
        assertError(post(null, "{}"), 400, "com.amazonaws.dynamodb.v20120810#UnknownOperationException");
        assertError(post("DynamoDB_20120810.ListTables", "{not json"), 400, "com.amazonaws.dynamodb.v20120810#SerializationException");
        assertError(post("DynamoDB_20120810.GetItem", "{\"TableName\":\"nope_table\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"), 400,
                "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
        assertError(post("DynamoDB_20120810.PutItem", "{\"TableName\":\"x\"}"), 400, "com.amazon.coral.validate#ValidationException");
        assertError(post("DynamoDB_20120810.PutItem", "{\"TableName\":\"abc\",\"Item\":{\"pk\":{\"S\":\"a\",\"N\":\"1\"}}}"), 400,
                "com.amazon.coral.validate#ValidationException");
    }

    private static void assertError(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(type, body.path("__type").asText(), response.body());
        assertTrue(body.path("message").isTextual());
    }

    @Test
    void theAwsCliWorksUnchanged() throws Exception {
        Assumptions.assumeTrue(onPath("aws"), "the AWS CLI is not on the PATH of this machine");
        String t = table();
        dynamo.putItem(b -> b.tableName(t).item(Map.of("pk", s("cli"), "v", n("42"))));
        ProcessBuilder cli = new ProcessBuilder("aws", "dynamodb", "get-item", "--endpoint-url", engine.endpoint().toString(), "--region", "us-east-1",
                "--table-name", t, "--key", "{\"pk\":{\"S\":\"cli\"}}", "--output", "json").redirectErrorStream(true);
        cli.environment().put("AWS_ACCESS_KEY_ID", "any"); // the engine checks no signature, but the CLI wants to sign
        cli.environment().put("AWS_SECRET_ACCESS_KEY", "any");
        Process process = cli.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertEquals("42", JSON.readTree(out).path("Item").path("v").path("N").asText(), out);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) return true;
        }
        return false;
    }
}
