package dev.flywheel.dynamodb;

import com.sun.net.httpserver.HttpServer;
import dev.flywheel.dynamodb.api.Operations;
import dev.flywheel.dynamodb.api.TtlSweeper;
import dev.flywheel.dynamodb.server.HttpFront;
import dev.flywheel.dynamodb.table.Storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An embeddable DynamoDB: {@code DynamoDbEngine.builder().port(8000).start()} serves the DynamoDB API on
 * 127.0.0.1, for SDKs and the AWS CLI, until {@link #close()}.
 */
public final class DynamoDbEngine implements AutoCloseable {
    static {
        // TCP_NODELAY on the JDK server's sockets: without it small answers wait ~40 ms for delayed ACKs
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService sweeper;
    private final Operations operations;
    private final Storage storage;
    private final HttpFront front;

    private DynamoDbEngine(Builder b) throws IOException {
        storage = b.storage;
        operations = new Operations(b.storage);
        server = HttpServer.create(new InetSocketAddress(b.address, b.port), 1024);
        workers = Executors.newCachedThreadPool(daemon("dynamodb-engine"));
        server.setExecutor(workers);
        front = new HttpFront(b.handler != null ? b.handler : operations::handle);
        front.install(server);
        server.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(daemon("dynamodb-ttl"));
        TtlSweeper ttl = new TtlSweeper(operations, b.clock);
        long every = b.ttlSweep.toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                ttl.sweep();
            } catch (RuntimeException e) {
                System.err.println("dynamodb-engine: TTL sweep failed: " + e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() { return new Builder(); }

    /** The endpoint to give an SDK or {@code aws --endpoint-url}. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    public int port() { return server.getAddress().getPort(); }

    /** The wire protocol, for answering requests in-process as the HTTP endpoint would, without the hop. */
    public HttpFront front() { return front; }

    /** The operations, for calling the engine in-process without HTTP. */
    public Operations operations() { return operations; }

    @Override
    public void close() {
        sweeper.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
        storage.close(); // a durable storage commits what is left
    }

    /**
     * {@code java -cp ... dev.flywheel.dynamodb.DynamoDbEngine [--port 8000] [--data DIR]}: the engine on its own, in
     * memory or in {@code DIR/dynamodb.mv.db}, until the process ends.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder builder = builder().port(8000);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[i + 1]));
                case "--data" -> builder.storage(Storage.onDisk(java.nio.file.Path.of(args[i + 1], "dynamodb.mv.db"), Duration.ofMillis(100)));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --port N, --data DIR)");
            }
        }
        DynamoDbEngine engine = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        System.out.println("dynamodb engine on " + engine.endpoint());
        Thread.currentThread().join();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public static final class Builder {
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private Storage storage = Storage.inMemory();
        private Duration ttlSweep = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private HttpFront.Handler handler;

        /** 0 (the default): a free port. */
        public Builder port(int port) { this.port = port; return this; }
        /** The interface to bind; 127.0.0.1 by default. */
        public Builder address(InetAddress address) { this.address = address; return this; }
        public Builder storage(Storage storage) { this.storage = storage; return this; }
        /** How often expired TTL items are deleted (AWS: within a few days; default here: 5 s). */
        public Builder ttlSweep(Duration every) { this.ttlSweep = every; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        /**
         * Serves {@code handler} instead of the engine's operations on the same HTTP stack: a benchmark's no-op floor
         * ({@code (operation, request) -> emptyObject}) costs exactly what the protocol costs.
         */
        public Builder handler(HttpFront.Handler handler) { this.handler = handler; return this; }

        public DynamoDbEngine start() {
            try {
                return new DynamoDbEngine(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the DynamoDB engine on " + address.getHostAddress() + ":" + port, e);
            }
        }
    }
}
