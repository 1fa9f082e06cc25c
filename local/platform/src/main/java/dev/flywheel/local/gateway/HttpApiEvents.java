package dev.flywheel.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Translates HTTP to API Gateway HTTP API events (payload format 2.0) and back: what API Gateway sends a Lambda
 * integration, with the verified JWT claims under {@code requestContext.authorizer.jwt.claims}; and the
 * function's {@code {statusCode, headers, body, isBase64Encoded}} answer turned into a response.
 */
public final class HttpApiEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private HttpApiEvents() {}

    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("response is not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    /**
     * @param headers lower-cased by this method, as API Gateway does in payload 2.0
     * @param body    the request's bytes, or null for none: passed as text for a textual content type that decodes as
     *                UTF-8, otherwise base64-encoded with {@code isBase64Encoded} (as the HTTP API does for binary
     *                media; for invalid UTF-8 under a textual type AWS documents nothing, and keeping the bytes lets the
     *                function say what is wrong)
     * @param claims  the verified token's claims, or null for a route without authorization
     */
    public static byte[] request(RouteTable.Match match, String requestId, String method, String rawPath, String rawQuery, Map<String, String> headers,
                                 byte[] body, Map<String, String> claims, String sourceIp) {
        ObjectNode event = JSON.createObjectNode();
        Instant now = Instant.now();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> query = queryStringParameters(rawQuery);
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode h = event.putObject("headers");
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("accountId", "000000000000");
        ctx.put("apiId", "flywheel");
        ctx.put("domainName", "localhost");
        ctx.put("domainPrefix", "localhost");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method.toUpperCase(Locale.ROOT));
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        ctx.put("requestId", requestId);
        ctx.put("routeKey", match.route().routeKey());
        ctx.put("stage", "$default");
        ctx.put("time", CLF.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (claims != null) {
            ObjectNode jwt = ctx.putObject("authorizer").putObject("jwt");
            ObjectNode c = jwt.putObject("claims");
            claims.forEach(c::put);
            jwt.putNull("scopes");
        }
        String text = body == null ? null : textual(headers.get("content-type")) ? utf8(body) : null;
        if (body != null) event.put("body", text != null ? text : java.util.Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", body != null && text == null);
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * As the HTTP API fills {@code queryStringParameters} in payload 2.0: names and values URL-decoded, a repeated
     * name's values joined with commas in the order sent, a name without {@code =} given an empty value; absent
     * (here: empty) when there is no query string. ({@code +} is read as a space, as form encoding has it.)
     */
    static Map<String, String> queryStringParameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return params;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.merge(name, value, (first, next) -> first + "," + next);
        }
        return params;
    }

    /** Percent-decoding that keeps a malformed escape as sent rather than failing the request. */
    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static boolean textual(String contentType) {
        if (contentType == null) return false;
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json") || type.equals("application/xml")
                || type.endsWith("+xml") || type.equals("application/javascript");
    }

    /** The bytes as text, or null when they are not UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    public static Response response(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            Map<String, String> headers = new LinkedHashMap<>();
            node.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String body = node.path("body").isNull() ? "" : node.path("body").asText("");
            if (node.path("isBase64Encoded").asBoolean(false)) body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            return new Response(node.path("statusCode").asInt(500), headers, body);
        } catch (IOException e) {
            throw new IllegalStateException("function answered with something that is not an API Gateway response", e);
        }
    }
}
