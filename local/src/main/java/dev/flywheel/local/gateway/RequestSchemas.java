package dev.flywheel.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The routes' request schemas ({@code events/schemas/<name>.json}, from the flywheel-events jar), checked at the
 * front door as an API Gateway request validator would, so a body that breaks its schema never costs an
 * invocation. The functions check the same schema again: they must not trust what calls them.
 */
final class RequestSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    /** @return every violation, sorted; empty when the body matches */
    List<String> violations(String schemaName, JsonNode body) {
        JsonSchema schema = schemas.computeIfAbsent(schemaName, RequestSchemas::load);
        return schema.validate(body).stream().map(ValidationMessage::getMessage).sorted(Comparator.naturalOrder()).toList();
    }

    private static JsonSchema load(String name) {
        String path = "schemas/" + name + ".json";
        try (InputStream in = RequestSchemas.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("schema " + path + " is not on the classpath (flywheel-events)");
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
