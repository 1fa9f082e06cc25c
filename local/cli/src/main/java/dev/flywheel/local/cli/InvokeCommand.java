package dev.flywheel.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.provision.FunctionEnvironment;
import dev.flywheel.local.runtime.FunctionPool;
import dev.flywheel.local.runtime.InvocationResult;
import dev.flywheel.local.runtime.RuntimeHome;
import dev.flywheel.topology.FlywheelTopology;
import dev.flywheel.topology.FunctionSpec;
import dev.flywheel.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Runs one event through a fresh execution environment of a function and prints its response (like sam local invoke).",
                "Uses the running platform's emulators and resources when one answers at --url; otherwise starts emulators for this call."})
public final class InvokeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", description = "the function, e.g. orders-api, orders-worker")
    String function;

    @Option(names = "--event", required = true, description = "the event JSON, e.g. events/orders/api-create-order.json")
    Path event;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "a running platform (default: ${DEFAULT-VALUE})")
    URI url;

    @Override
    public Integer call() throws IOException {
        Topology topology = FlywheelTopology.standard();
        FunctionSpec spec;
        try {
            spec = topology.function(function);
        } catch (IllegalArgumentException e) {
            System.err.println("flywheel: no function " + function + "; the functions are " + String.join(", ", topology.functions().stream().map(FunctionSpec::name).toList()));
            return 2;
        }
        Path eventFile = event.isAbsolute() ? event : RepositoryRoot.path().resolve(event);
        if (!Files.isRegularFile(eventFile)) {
            System.err.println("flywheel: no event file " + eventFile);
            return 2;
        }
        byte[] payload = Files.readAllBytes(eventFile);
        List<AutoCloseable> ephemeral = new ArrayList<>();
        try {
            PlatformResources backend = PlatformResources.running(url);
            if (backend == null) {
                System.err.println("flywheel: no platform at " + url + "; starting emulators for this call");
                backend = PlatformResources.ephemeral(topology, ephemeral);
            }
            Map<String, String> env = FunctionEnvironment.of(spec, backend.endpoints(), backend.resources(), backend.providerUrl(), Map.of());
            try (RuntimeHome home = RuntimeHome.create();
                 FunctionPool pool = new FunctionPool(spec, RepositoryRoot.path().resolve(spec.jar()), env, home, Duration.ZERO, 1)) {
                InvocationResult result = pool.invoke(payload);
                System.out.println(pretty(result.payload()));
                return result.succeeded() ? 0 : 1;
            }
        } finally {
            Collections.reverse(ephemeral);
            for (AutoCloseable c : ephemeral) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("flywheel: stopping " + c + " failed: " + e);
                }
            }
        }
    }

    private static String pretty(byte[] payload) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(payload));
        } catch (IOException e) {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
