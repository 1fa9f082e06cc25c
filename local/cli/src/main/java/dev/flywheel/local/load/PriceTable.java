package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * AWS list prices ({@code pricing/aws-us-east-1.json}: one dated file with its sources), and the one place where a
 * quantity becomes dollars: the load run's cost model and the capacity simulator both price through these methods.
 * A field the file lacks or a field it has that this record does not know fails the load, so a typo cannot price
 * something at zero.
 */
public record PriceTable(String region, String currency, String asOf, String note, List<String> sources,
                         double apiGatewayHttpPerMillion, double apiGatewayRestPerMillion, double lambdaRequestsPerMillion,
                         double lambdaArmPerGbSecond, double lambdaX86PerGbSecond, double lambdaArmProvisionedPerGbSecond,
                         double lambdaArmProvisionedDurationPerGbSecond, double sqsStandardPerMillion,
                         double dynamoWritePerMillionUnits, double dynamoReadPerMillionUnits, double lambdaSqsProvisionedPollerPerHour) {
    private static final String FILE = "pricing/aws-us-east-1.json";

    public static PriceTable load() {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) throw new IllegalStateException(FILE + " is missing");
            return new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                    .readValue(in, PriceTable.class);
        } catch (IOException e) {
            throw new UncheckedIOException(FILE + " does not read as a price table", e);
        }
    }

    /** @param rest a REST API instead of an HTTP API */
    public double apiRequests(double requests, boolean rest) {
        return requests * (rest ? apiGatewayRestPerMillion : apiGatewayHttpPerMillion) / 1e6;
    }

    public double lambdaRequests(double invocations) { return invocations * lambdaRequestsPerMillion / 1e6; }

    /** On-demand duration (and the init of cold starts), Arm or x86. */
    public double lambdaDuration(double gbSeconds, boolean x86) { return gbSeconds * (x86 ? lambdaX86PerGbSecond : lambdaArmPerGbSecond); }

    /** Provisioned concurrency: the environments kept, whether used or not. */
    public double lambdaProvisioned(double gbSeconds) { return gbSeconds * lambdaArmProvisionedPerGbSecond; }

    /** Durations run inside provisioned environments (a lower price than on demand). */
    public double lambdaProvisionedDuration(double gbSeconds) { return gbSeconds * lambdaArmProvisionedDurationPerGbSecond; }

    /** Standard queue requests, each 64 KiB chunk of a payload one request. */
    public double sqsRequests(double billedRequests) { return billedRequests * sqsStandardPerMillion / 1e6; }

    public double dynamoWrites(double writeUnits) { return writeUnits * dynamoWritePerMillionUnits / 1e6; }

    public double dynamoReads(double readUnits) { return readUnits * dynamoReadPerMillionUnits / 1e6; }

    /** SQS event-source mappings in provisioned mode: every poller kept, busy or idle (see the file's source note). */
    public double provisionedPollers(double pollerHours) { return pollerHours * lambdaSqsProvisionedPollerPerHour; }
}
