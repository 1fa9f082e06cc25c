package dev.flywheel.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The price table ({@code pricing/aws-us-east-1.json}: one file, with its date and sources) for the cost model and the simulator. */
public final class PriceTable {
    private PriceTable() {}

    public static JsonNode prices() {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream("pricing/aws-us-east-1.json")) {
            if (in == null) throw new IllegalStateException("pricing/aws-us-east-1.json is missing");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
