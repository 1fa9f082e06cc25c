package dev.flywheel.local.dashboard;

import dev.flywheel.local.http.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the dashboard under {@code /dashboard}: the page and its script (resources {@code dashboard/}), Chart.js
 * from its webjar, and the JSON the page polls: {@code api/metrics?since=}, {@code api/orders} and
 * {@code api/orders/{id}} (the last one is what {@code ./flywheel trace} reads).
 */
public final class DashboardPages {
    private static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
    private static final Map<String, String> STATIC = Map.of(
            "/dashboard", "dashboard/index.html", "/dashboard/", "dashboard/index.html",
            "/dashboard/app.js", "dashboard/app.js", "/dashboard/style.css", "dashboard/style.css", "/dashboard/chart.umd.js", CHART_JS);

    private final Telemetry telemetry;
    private final RecentOrders orders;

    public DashboardPages(Telemetry telemetry, RecentOrders orders) {
        this.telemetry = telemetry;
        this.orders = orders;
    }

    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, "application/json", "{\"message\":\"Method Not Allowed\"}");
        } else if (STATIC.containsKey(path)) {
            try (InputStream in = DashboardPages.class.getClassLoader().getResourceAsStream(STATIC.get(path))) {
                if (in == null) send(exchange, 404, "text/plain", "missing resource " + STATIC.get(path));
                else send(exchange, 200, contentType(path), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } else if (path.equals("/dashboard/api/metrics")) {
            send(exchange, 200, "application/json", telemetry.since(sinceParameter(exchange.getRequestURI().getQuery())));
        } else if (path.equals("/dashboard/api/orders")) {
            send(exchange, 200, "application/json", orders.json());
        } else if (path.startsWith("/dashboard/api/orders/")) {
            String id = path.substring("/dashboard/api/orders/".length());
            var order = orders.lookup(id);
            if (order.isPresent()) send(exchange, 200, "application/json", order.get().toString());
            else send(exchange, 404, "application/json", "{\"message\":\"no order " + id.replaceAll("[^A-Za-z0-9-]", "") + " in the orders table\"}");
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private static long sinceParameter(String query) {
        if (query == null) return 0;
        for (String pair : query.split("&")) {
            if (pair.startsWith("since=")) {
                try {
                    return Long.parseLong(pair.substring(6));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String contentType(String path) {
        if (path.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (path.endsWith(".css")) return "text/css; charset=utf-8";
        return "text/html; charset=utf-8";
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        LoopbackHttp.send(exchange, status, type, body);
    }
}
