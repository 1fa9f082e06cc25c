package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.model.Value;

import java.util.List;

/** The parsed forms of every expression kind; names and values are already resolved from the request's maps. */
public final class Ast {
    private Ast() {}

    /** A document path: top-level name, then names ({@code .b}) and list indexes ({@code [2]}). */
    public record Path(List<Object> segments) {
        public Path { segments = List.copyOf(segments); }
        public String top() { return (String) segments.get(0); }
        public boolean isTopLevel() { return segments.size() == 1; }

        /** True when one path is the other or lies inside it. */
        public boolean overlaps(Path other) {
            int n = Math.min(segments.size(), other.segments.size());
            return segments.subList(0, n).equals(other.segments.subList(0, n));
        }

        @Override public String toString() {
            StringBuilder out = new StringBuilder();
            for (Object s : segments) {
                if (s instanceof Integer i) out.append('[').append(i).append(']');
                else out.append(out.length() == 0 ? "" : ".").append(s);
            }
            return out.toString();
        }
    }

    public sealed interface Operand permits PathOperand, Literal, Size, IfNotExists, ListAppend, Arithmetic {}
    public record PathOperand(Path path) implements Operand {}
    public record Literal(String name, Value value) implements Operand {}
    public record Size(Path path) implements Operand {}
    public record IfNotExists(Path path, Operand fallback) implements Operand {}
    public record ListAppend(Operand first, Operand second) implements Operand {}
    public record Arithmetic(char operator, Operand left, Operand right) implements Operand {}

    public sealed interface Condition permits Comparison, Between, In, And, Or, Not, Function {}
    public record Comparison(String operator, Operand left, Operand right) implements Condition {}
    public record Between(Operand operand, Operand lower, Operand upper) implements Condition {}
    public record In(Operand operand, List<Operand> candidates) implements Condition {}
    public record And(Condition left, Condition right) implements Condition {}
    public record Or(Condition left, Condition right) implements Condition {}
    public record Not(Condition condition) implements Condition {}
    /** attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    public record Function(String name, Path path, Operand argument) implements Condition {}

    public sealed interface UpdateAction permits SetAction, RemoveAction, AddAction, DeleteAction {
        Path path();
    }
    public record SetAction(Path path, Operand value) implements UpdateAction {}
    public record RemoveAction(Path path) implements UpdateAction {}
    public record AddAction(Path path, Literal value) implements UpdateAction {}
    public record DeleteAction(Path path, Literal value) implements UpdateAction {}

    public record Update(List<UpdateAction> actions) {}
}
