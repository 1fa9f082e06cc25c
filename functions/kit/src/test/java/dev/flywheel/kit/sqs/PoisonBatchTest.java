package dev.flywheel.kit.sqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batch loop every worker runs, fed batches in which any record's body may be any JSON value, malformed JSON,
 * text with unpaired surrogates (not encodable as UTF-8) or a body at SQS's size limit: exactly the hostile
 * records fail, each made visible at once so that it reaches its DLQ, and every well-formed batch mate is handled.
 * Generated (seeded, so a failure replays), not picked by hand.
 */
class PoisonBatchTest {
    private static final SQSEvent.SQSMessage VALID = EventLoader.loadSQSEvent("orders/sqs-ten-orders-placed.json").getRecords().get(0);

    @Property(tries = 300, seed = "20261129")
    void onlyTheHostileRecordsFailAndEveryBatchMateIsHandled(@ForAll("batches") List<Tuple.Tuple2<Boolean, String>> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        Set<String> hostile = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("msg-" + i);
            m.setReceiptHandle("handle-" + i);
            m.setEventSourceArn(VALID.getEventSourceArn());
            m.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1795325400100"));
            m.setMessageAttributes(Map.of());
            boolean isHostile = batch.get(i).get1();
            m.setBody(isHostile ? batch.get(i).get2() : VALID.getBody());
            if (isHostile) hostile.add("msg-" + i);
            records.add(m);
        }
        event.setRecords(records);
        List<String> madeVisible = new ArrayList<>();
        List<String> handled = new ArrayList<>();
        SqsBatchProcessor processor = new SqsBatchProcessor("test", messages -> List.of(),
                (arn, handle, delay) -> madeVisible.add(handle.replace("handle", "msg") + "=" + delay.toSeconds()), Clock.systemUTC());

        SQSBatchResponse response = processor.process(event, (message, ctx) -> handled.add(message.type()));

        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        assertEquals(hostile, failed, "exactly the hostile records fail");
        assertEquals(batch.size() - hostile.size(), handled.size(), "every well-formed batch mate is handled");
        assertEquals(hostile, new HashSet<>(madeVisible.stream().map(v -> v.substring(0, v.indexOf('='))).toList()));
        madeVisible.forEach(v -> assertEquals("0", v.substring(v.indexOf('=') + 1), "poison is made visible at once: " + v));
        Statistics.label("hostile records in the batch").collect(hostile.size());
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Boolean, String>>> batches() {
        Arbitrary<Tuple.Tuple2<Boolean, String>> valid = Arbitraries.just(Tuple.of(false, ""));
        Arbitrary<Tuple.Tuple2<Boolean, String>> hostile = hostileBodies().map(body -> Tuple.of(true, body));
        return Arbitraries.frequencyOf(Tuple.of(1, valid), Tuple.of(1, hostile)).list().ofMinSize(1).ofMaxSize(10);
    }

    /** Bodies no worker should accept: any JSON value but an envelope, broken JSON, unencodable text, a huge body. */
    static Arbitrary<String> hostileBodies() {
        Arbitrary<String> scalars = Arbitraries.oneOf(Arbitraries.just("null"), Arbitraries.just("true"), Arbitraries.just("\"\""),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TEN.pow(400).negate(), java.math.BigInteger.TEN.pow(400)).map(Object::toString),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "1e999"),
                Arbitraries.strings().ofMaxLength(50).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 5000).map(depth -> "[".repeat(depth) + "]".repeat(depth));
        Arbitrary<String> wrongShape = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12), scalars).ofMaxSize(6)
                .map(m -> {
                    StringBuilder out = new StringBuilder("{");
                    m.forEach((k, v) -> out.append(out.length() == 1 ? "" : ",").append('"').append(k).append("\":").append(v));
                    return out.append('}').toString();
                });
        Arbitrary<String> envelopeWithWrongTypes = Arbitraries.of("{\"id\":7,\"type\":\"OrderPlaced\",\"data\":{}}", "{\"id\":\"x\",\"type\":[],\"data\":null}",
                "{\"id\":\"x\",\"type\":\"OrderPlaced\",\"correlationId\":{},\"data\":\"text\"}", VALID.getBody().substring(0, VALID.getBody().length() / 2));
        Arbitrary<String> unencodable = Arbitraries.strings().ofMaxLength(20).map(s -> "{\"id\":\"" + s + "\uD800\",\"type\":\"OrderPlaced\"}");
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(200);
        Arbitrary<String> huge = Arbitraries.of(255 * 1024, 256 * 1024, 1024 * 1024).map(n -> "{\"pad\":\"" + "x".repeat(n - 10) + "\"}");
        Arbitrary<String> arrays = scalars.list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]");
        return Arbitraries.oneOf(scalars, nested, wrongShape, envelopeWithWrongTypes, unencodable, garbage, huge, arrays);
    }
}
