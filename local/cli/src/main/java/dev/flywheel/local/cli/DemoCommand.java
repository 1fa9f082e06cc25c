package dev.flywheel.local.cli;

import dev.flywheel.local.LocalPlatform;
import dev.flywheel.local.PlatformOptions;
import dev.flywheel.local.gateway.ApiClient;
import dev.flywheel.local.gateway.HttpApiEvents;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a platform on free ports, defines a product, places an order over HTTP and follows it to its end.")
public final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        try (LocalPlatform platform = LocalPlatform.start(PlatformOptions.defaults(RepositoryRoot.path()).withFreePorts())) {
            ApiClient api = new ApiClient(platform.url());
            String admin = platform.issuer().token("admin-1", true, Duration.ofMinutes(10));
            String user = platform.issuer().token("user-ada", false, Duration.ofMinutes(10));
            print("PUT /products/SKU-1", api.call(admin, "PUT", "/products/SKU-1",
                    "{\"name\":\"Flash-sale sneaker\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"stock\":500,\"shards\":8}"));
            HttpApiEvents.Response accepted = api.call(user, "POST", "/orders", "{\"items\":[{\"sku\":\"SKU-1\",\"quantity\":2}],\"paymentToken\":\"tok_visa\"}");
            print("POST /orders", accepted);
            if (accepted.status() != 202) return 1;
            String orderId = accepted.json().get("orderId").asText();
            for (int i = 0; i < 600; i++) {
                HttpApiEvents.Response r = api.call(user, "GET", "/orders/" + orderId, null);
                if (r.status() == 200 && List.of("CONFIRMED", "REJECTED", "CANCELLED").contains(r.json().get("status").asText())) {
                    HttpApiEvents.Response trace = api.call(null, "GET", "/dashboard/api/orders/" + orderId, null);
                    System.out.println();
                    System.out.print(TraceCommand.format(trace.json()));
                    System.out.println("  (the first run of each function includes its cold start)");
                    return 0;
                }
                Thread.sleep(100);
            }
            System.err.println("order " + orderId + " did not finish in 60 s");
            return 1;
        }
    }

    private static void print(String request, HttpApiEvents.Response r) {
        System.out.println(request + " → " + r.status() + " " + r.body());
    }
}
