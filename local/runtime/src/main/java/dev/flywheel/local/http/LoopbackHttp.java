package dev.flywheel.local.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The platform's HTTP servers (front door, Runtime APIs, metered endpoints, payment provider) are JDK HttpServers
 * on the loopback interface only, made here so that all of them get TCP_NODELAY: without it Nagle and delayed ACKs
 * add ~40 ms to each small exchange (measured: a do-nothing handler took 76 ms per invocation through the Runtime
 * API, 1.1 ms with it).
 */
public final class LoopbackHttp {
    static {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // read once, when the first server is made
    }

    private LoopbackHttp() {}

    /** A server on 127.0.0.1 ({@code port} 0: a free one), not started. */
    public static HttpServer server(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }

    /** Answers with {@code body} as {@code contentType}. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }
}
