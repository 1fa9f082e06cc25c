package dev.flywheel.local.emulators;

import dev.flywheel.dynamodb.DynamoDbEngine;
import dev.flywheel.dynamodb.table.Storage;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ElasticMQ (SQS) and Flywheel's DynamoDB engine inside this JVM, in memory or durable, both on 127.0.0.1 only. Port 0
 * picks a free port (tests); the platform's defaults are the emulators' usual ports, 9324 and 8000, so the AWS
 * CLI works against them with {@code --endpoint-url}.
 */
public final class EmbeddedEmulators implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final SQSRestServer sqs;
    private final DurableQueues durable;
    private final DynamoDbEngine dynamo;
    private final Endpoints endpoints;

    private EmbeddedEmulators(SQSRestServer sqs, DurableQueues durable, DynamoDbEngine dynamo, Endpoints endpoints) {
        this.sqs = sqs;
        this.durable = durable;
        this.dynamo = dynamo;
        this.endpoints = endpoints;
    }

    /** Both emulators in memory. */
    public static EmbeddedEmulators start(int sqsPort, int dynamoPort) {
        return start(sqsPort, dynamoPort, null);
    }

    /**
     * Both emulators, keeping their state under {@code data} when it is given (queues with their in-flight and
     * delayed messages in {@code data/sqs.mv.db}, tables in {@code data/dynamodb.mv.db}), so that a restart on
     * the same directory finds what was there; in memory when it is null.
     */
    public static EmbeddedEmulators start(int sqsPort, int dynamoPort, Path data) {
        int sqsBound = sqsPort == 0 ? freePort() : requireFree(sqsPort, "SQS");
        if (dynamoPort != 0) requireFree(dynamoPort, "DynamoDB");
        DurableQueues durable = data == null ? null : DurableQueues.open(data);
        var builder = SQSRestServerBuilder.withInterface(LOOPBACK).withPort(sqsBound)
                .withServerAddress(new NodeAddress("http", LOOPBACK, sqsBound, ""))
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000");
        if (durable != null) builder = builder.withActorSystem(durable.system()).withQueueManagerActor(durable.manager());
        SQSRestServer sqs = builder.start();
        try {
            sqs.waitUntilStarted();
            if (durable != null) durable.restore();
            DynamoDbEngine.Builder engine = DynamoDbEngine.builder().address(InetAddress.getLoopbackAddress()).port(dynamoPort);
            if (data != null) engine.storage(Storage.onDisk(data.resolve("dynamodb.mv.db"), TABLE_COMMIT_EVERY));
            DynamoDbEngine dynamo = engine.start();
            return new EmbeddedEmulators(sqs, durable, dynamo, Endpoints.of("http://" + LOOPBACK + ":" + sqsBound, dynamo.endpoint().toString()));
        } catch (RuntimeException e) {
            sqs.stopAndWait();
            if (durable != null) durable.close();
            throw new IllegalStateException("could not start the emulators (DynamoDB port " + dynamoPort + (data == null ? "" : ", data in " + data) + "): " + e.getMessage(), e);
        }
    }

    /** Durable tables commit every write before it is acknowledged: a killed platform loses nothing it acknowledged. */
    public static final Duration TABLE_COMMIT_EVERY = Duration.ZERO;

    public Endpoints endpoints() { return endpoints; }

    /** The DynamoDB engine's wire protocol, to answer requests in this JVM without an HTTP hop. */
    public dev.flywheel.dynamodb.server.HttpFront dynamoFront() { return dynamo.front(); }

    @Override
    public void close() {
        try {
            dynamo.close();
        } finally {
            sqs.stopAndWait(); // or its threads keep the JVM alive
            if (durable != null) durable.close();
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
