package dev.flywheel.local.emulators;

import dev.flywheel.dynamodb.DynamoDbEngine;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * ElasticMQ (SQS) and Flywheel's DynamoDB engine (in memory) inside this JVM, both on 127.0.0.1 only. Port 0
 * picks a free port (tests); the platform's defaults are the emulators' usual ports, 9324 and 8000, so the AWS
 * CLI works against them with {@code --endpoint-url}.
 */
public final class EmbeddedEmulators implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";

    private final SQSRestServer sqs;
    private final DynamoDbEngine dynamo;
    private final Endpoints endpoints;

    private EmbeddedEmulators(SQSRestServer sqs, DynamoDbEngine dynamo, Endpoints endpoints) {
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.endpoints = endpoints;
    }

    public static EmbeddedEmulators start(int sqsPort, int dynamoPort) {
        int sqsBound = sqsPort == 0 ? freePort() : requireFree(sqsPort, "SQS");
        if (dynamoPort != 0) requireFree(dynamoPort, "DynamoDB");
        SQSRestServer sqs = SQSRestServerBuilder.withInterface(LOOPBACK).withPort(sqsBound)
                .withServerAddress(new NodeAddress("http", LOOPBACK, sqsBound, ""))
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000")
                .start();
        try {
            sqs.waitUntilStarted();
            DynamoDbEngine dynamo = DynamoDbEngine.builder().address(InetAddress.getLoopbackAddress()).port(dynamoPort).start();
            return new EmbeddedEmulators(sqs, dynamo, Endpoints.of("http://" + LOOPBACK + ":" + sqsBound, dynamo.endpoint().toString()));
        } catch (RuntimeException e) {
            sqs.stopAndWait();
            throw new IllegalStateException("could not start the DynamoDB engine on port " + dynamoPort + ": " + e.getMessage(), e);
        }
    }

    public Endpoints endpoints() { return endpoints; }

    @Override
    public void close() {
        try {
            dynamo.close();
        } finally {
            sqs.stopAndWait(); // or its threads keep the JVM alive
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
