package dev.flywheel.dynamodb.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable. Numbers are kept canonical (DynamoDB answers {@code 1.50} as
 * {@code 1.5}), so equality is value equality for every type; binaries compare by content.
 */
public sealed interface Value {

    /** The wire name of the type: S, N, B, BOOL, NULL, L, M, SS, NS, BS. */
    String type();

    record S(String value) implements Value {
        public String type() { return "S"; }
    }

    record N(BigDecimal value) implements Value {
        public N { value = Numbers.canonical(value); }
        public String type() { return "N"; }
        public String text() { return value.toPlainString(); }
    }

    record B(byte[] value) implements Value {
        public String type() { return "B"; }
        public String base64() { return Base64.getEncoder().encodeToString(value); }
        @Override public boolean equals(Object o) { return o instanceof B b && Arrays.equals(value, b.value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() { return "B[" + base64() + "]"; }
    }

    record Bool(boolean value) implements Value {
        public String type() { return "BOOL"; }
    }

    record Null() implements Value {
        public String type() { return "NULL"; }
    }

    record L(List<Value> values) implements Value {
        public L { values = List.copyOf(values); }
        public String type() { return "L"; }
    }

    record M(Map<String, Value> values) implements Value {
        public M { values = Maps.frozen(values); }
        public String type() { return "M"; }
    }

    /** A string set; insertion order kept only so that answers are stable. */
    record SS(Set<String> values) implements Value {
        public SS { values = Sets.frozen(values); }
        public String type() { return "SS"; }
    }

    record NS(Set<BigDecimal> values) implements Value {
        public NS { values = Sets.frozen(values.stream().map(Numbers::canonical).toList()); }
        public String type() { return "NS"; }
    }

    record BS(Set<Bytes> values) implements Value {
        public BS { values = Sets.frozen(values); }
        public String type() { return "BS"; }
    }

    /** A binary set member: a byte array with value equality. */
    record Bytes(byte[] value) {
        @Override public boolean equals(Object o) { return o instanceof Bytes b && Arrays.equals(value, b.value); }
        @Override public int hashCode() { return Arrays.hashCode(value); }
        @Override public String toString() { return Base64.getEncoder().encodeToString(value); }
    }

    static S s(String value) { return new S(value); }
    static N n(String value) { return new N(Numbers.parse(value)); }
    static N n(long value) { return new N(BigDecimal.valueOf(value)); }

    /** UTF-8 length, the unit DynamoDB measures strings and keys in. */
    static int utf8Length(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }
}
