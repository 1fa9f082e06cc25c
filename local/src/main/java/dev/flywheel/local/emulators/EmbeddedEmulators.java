package dev.flywheel.local.emulators;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * ElasticMQ (SQS) and DynamoDB Local (in memory) inside this JVM, both on 127.0.0.1 only. Port 0 picks a free
 * port (tests); the platform's defaults are the emulators' usual ports, 9324 and 8000, so the AWS CLI works
 * against them with {@code --endpoint-url}.
 */
public final class EmbeddedEmulators implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final SQSRestServer sqs;
    private final DynamoDBProxyServer dynamo;
    private final Endpoints endpoints;

    private EmbeddedEmulators(SQSRestServer sqs, DynamoDBProxyServer dynamo, Endpoints endpoints) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.endpoints = endpoints;
    }

    public static EmbeddedEmulators start(int sqsPort, int dynamoPort) {
        int sqsBound = sqsPort == 0 ? freePort() : requireFree(sqsPort, "SQS");
        int dynamoBound = dynamoPort == 0 ? freePort() : requireFree(dynamoPort, "DynamoDB");
        SQSRestServer sqs = SQSRestServerBuilder.withInterface(LOOPBACK).withPort(sqsBound)
                .withServerAddress(new NodeAddress("http", LOOPBACK, sqsBound, ""))
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000")
                .start();
        try {
            sqs.waitUntilStarted();
            DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {
                    "-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(dynamoBound)});
            bindLoopback(dynamo);
            dynamo.start();
            return new EmbeddedEmulators(sqs, dynamo, Endpoints.of("http://" + LOOPBACK + ":" + sqsBound, "http://" + LOOPBACK + ":" + dynamoBound));
        } catch (Exception e) {
            sqs.stopAndWait();
            throw new IllegalStateException("could not start DynamoDB Local on port " + dynamoBound + ": " + e.getMessage(), e);
        }
    }

    public Endpoints endpoints() { return endpoints; }

    @Override
    public void close() {
        try {
            dynamo.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        } finally {
            sqs.stopAndWait(); // or its threads keep the JVM alive
        }
    }

    /** DynamoDB Local binds every interface and has no option for it: narrow its Jetty connector to loopback. */
    private static void bindLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector sc) sc.setHost(LOOPBACK);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " on 127.0.0.1 is in use (another Flywheel running?); choose another port", e);
        }
    }

    public static URI loopback(int port) { return URI.create("http://" + LOOPBACK + ":" + port); }
}
