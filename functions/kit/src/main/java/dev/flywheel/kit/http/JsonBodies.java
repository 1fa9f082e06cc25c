package dev.flywheel.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.flywheel.kit.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reads a request body the strict way, each step with its own clear 4xx: over 64 KiB → 413, not JSON →
 * 415/400 with the parser's location, over a limit of {@link dev.flywheel.kit.limits.InputLimits} → 400 naming it,
 * not valid against the route's JSON Schema (events/schemas) → 400 listing every violation (unknown fields, wrong
 * types, missing fields, out-of-range numbers), then the typed record. The functions are the one place bodies are
 * judged: the HTTP API in front of them, like the local front door, has no request validator.
 */
public final class JsonBodies {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final JsonSchema schema;
    private final String schemaName;

    private JsonBodies(String schemaName, JsonSchema schema) {
        this.schemaName = schemaName;
        this.schema = schema;
    }

    /** Loads {@code schemas/<name>.json} from the classpath (the flywheel-events jar). */
    public static JsonBodies forSchema(String name) {
        String path = "schemas/" + name + ".json";
        try (InputStream in = JsonBodies.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("schema " + path + " is not on the classpath");
            JsonSchema schema = FACTORY.getSchema(in);
            schema.initializeValidators(); // pay for it at init, not on the first request
            return new JsonBodies(name, schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(ApiRequest request, Class<T> type) {
        byte[] bytes = request.bodyBytes();
        if (bytes.length > MAX_BODY_BYTES) throw ProblemException.tooLarge("body is " + bytes.length + " bytes; the limit is " + MAX_BODY_BYTES);
        request.header("content-type").ifPresent(contentType -> {
            if (!contentType.toLowerCase().startsWith("application/json")) throw ProblemException.unsupportedMediaType("send Content-Type: application/json");
        });
        if (bytes.length == 0) throw ProblemException.badRequest("a JSON body is required");
        JsonNode tree = parse(bytes);
        List<String> errors = validate(tree);
        if (!errors.isEmpty()) throw ProblemException.badRequest("body does not match the " + schemaName + " schema", errors);
        return Json.convert(tree, type);
    }

    public List<String> validate(JsonNode tree) {
        Set<ValidationMessage> messages = schema.validate(tree);
        return messages.stream().map(ValidationMessage::getMessage).sorted(Comparator.naturalOrder()).toList();
    }

    private static JsonNode parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("body is not UTF-8");
        }
        try {
            return Json.tree(text);
        } catch (StreamConstraintsException e) {
            // Jackson names its own setting ("from `StreamReadConstraints...`"): the client needs the figures only
            throw ProblemException.badRequest("body is over a limit: " + e.getOriginalMessage().replaceAll(", from `[^`]*`", ""));
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw ProblemException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
    }
}
