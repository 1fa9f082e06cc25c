package dev.flywheel.users.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flywheel.kit.json.Json;
import dev.flywheel.users.domain.InMemoryUserStore;
import dev.flywheel.users.domain.Users;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * users-api's happy path through its handler with an in-memory store (the events/users fixtures as API Gateway
 * sends them): a user registers and is answered 201 with its URL, reads itself back, and cannot register twice.
 */
class UsersApiTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private final UsersApi api = new UsersApi(new Users(new InMemoryUserStore(), Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void aUserRegistersReadsItselfBackAndCannotRegisterTwice() throws Exception {
        APIGatewayV2HTTPResponse created = api.handle(EventLoader.loadApiGatewayHttpEvent("users/post-user.json"));
        assertEquals(201, created.getStatusCode(), created.getBody());
        assertEquals("/users/user-ada", created.getHeaders().get("Location"));
        JsonNode user = Json.tree(created.getBody());
        assertEquals("user-ada", user.get("userId").asText());
        assertEquals("ada@example.com", user.get("email").asText());
        assertEquals(NOW.toString(), user.get("createdAt").asText());

        APIGatewayV2HTTPResponse read = api.handle(EventLoader.loadApiGatewayHttpEvent("users/get-user.json"));
        assertEquals(200, read.getStatusCode(), read.getBody());
        assertEquals("Ada Lovelace", Json.tree(read.getBody()).get("name").asText());

        APIGatewayV2HTTPResponse again = api.handle(EventLoader.loadApiGatewayHttpEvent("users/post-user.json"));
        assertEquals(409, again.getStatusCode(), "registered once: " + again.getBody());
    }
}
