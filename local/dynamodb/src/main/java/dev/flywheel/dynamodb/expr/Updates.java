package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.*;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Numbers;
import dev.flywheel.dynamodb.model.Value;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an update expression. Every operand is read from the item as it was before the update, as DynamoDB
 * does; the actions then apply to a copy. Paths may not overlap and may not touch the key.
 */
public final class Updates {
    private static final String INVALID_PATH = "The document path provided in the update expression is invalid for update";
    private static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    private Updates() {}

    /** Checks DynamoDB makes before reading the item. */
    public static void validate(Update update, Set<String> keyAttributes) {
        List<UpdateAction> actions = update.actions();
        for (int i = 0; i < actions.size(); i++) {
            Path path = actions.get(i).path();
            if (keyAttributes.contains(path.top())) {
                throw new DynamoException.Validation("One or more parameter values were invalid: Cannot update attribute " + path.top() + ". This attribute is part of the key");
            }
            for (int j = i + 1; j < actions.size(); j++) {
                Path other = actions.get(j).path();
                if (path.overlaps(other)) {
                    throw ExpressionError.invalid(ExpressionKind.UPDATE, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "
                            + pathList(path) + ", path two: " + pathList(other));
                }
            }
            if (actions.get(i) instanceof AddAction add && !(add.value().value() instanceof Value.N || isSet(add.value().value()))) {
                throw ExpressionError.invalid(ExpressionKind.UPDATE, "Incorrect operand type for operator or function; operator: ADD, operand type: " + typeName(add.value()
                        .value()));
            }
            if (actions.get(i) instanceof DeleteAction delete && !isSet(delete.value().value())) {
                throw ExpressionError.invalid(ExpressionKind.UPDATE, "Incorrect operand type for operator or function; operator: DELETE, operand type: " + typeName(delete
                        .value().value()));
            }
        }
    }

    public static Map<String, Value> apply(Update update, Map<String, Value> before) {
        Map<String, Value> old = before == null ? Map.of() : before;
        Map<String, Value> after = new LinkedHashMap<>(old);
        List<Path> removals = new ArrayList<>();
        for (UpdateAction action : update.actions()) {
            if (action instanceof SetAction set) {
                put(after, set.path(), evaluate(set.value(), old));
            } else if (action instanceof RemoveAction remove) {
                removals.add(remove.path());
            } else if (action instanceof AddAction add) {
                Value current = Documents.get(old, add.path());
                put(after, add.path(), current == null ? add.value().value() : add(current, add.value().value()));
            } else {
                DeleteAction delete = (DeleteAction) action;
                Value current = Documents.get(old, delete.path());
                if (current == null) continue;
                Value rest = subtract(current, delete.value().value());
                if (rest == null) removals.add(delete.path());
                else put(after, delete.path(), rest);
            }
        }
        // later list indexes first, so that removing one does not shift the next
        removals.sort(Comparator.comparing(Updates::lastIndex).reversed());
        for (Path path : removals) remove(after, path);
        return after;
    }

    private static Value evaluate(Operand operand, Map<String, Value> item) {
        if (operand instanceof Literal l) return l.value();
        if (operand instanceof PathOperand p) return existing(Documents.get(item, p.path()));
        if (operand instanceof IfNotExists f) {
            Value v = Documents.get(item, f.path());
            return v != null ? v : evaluate(f.fallback(), item);
        }
        if (operand instanceof ListAppend a) {
            Value first = evaluate(a.first(), item);
            Value second = evaluate(a.second(), item);
            if (!(first instanceof Value.L x) || !(second instanceof Value.L y)) {
                Value wrong = first instanceof Value.L ? second : first;
                throw ExpressionError.invalid(ExpressionKind.UPDATE, "Incorrect operand type for operator or function; operator or function: list_append, operand type: "
                        + typeName(wrong));
            }
            List<Value> joined = new ArrayList<>(x.values());
            joined.addAll(y.values());
            return new Value.L(joined);
        }
        if (operand instanceof Arithmetic a) {
            Value left = evaluate(a.left(), item);
            Value right = evaluate(a.right(), item);
            if (!(left instanceof Value.N x) || !(right instanceof Value.N y)) {
                Value wrong = left instanceof Value.N ? right : left;
                throw ExpressionError.invalid(ExpressionKind.UPDATE, "Incorrect operand type for operator or function; operator or function: " + a.operator()
                        + ", operand type: " + typeName(wrong));
            }
            return new Value.N(Numbers.checked(a.operator() == '+' ? x.value().add(y.value()) : x.value().subtract(y.value())));
        }
        throw ExpressionError.invalid(ExpressionKind.UPDATE, "The function is not allowed in an update expression; function: size");
    }

    private static Value existing(Value v) {
        if (v == null) throw new DynamoException.Validation("The provided expression refers to an attribute that does not exist in the item");
        return v;
    }

    private static Value add(Value current, Value addend) {
        if (current instanceof Value.N x && addend instanceof Value.N y) return new Value.N(Numbers.checked(x.value().add(y.value())));
        if (current instanceof Value.SS x && addend instanceof Value.SS y) return new Value.SS(union(x.values(), y.values()));
        if (current instanceof Value.NS x && addend instanceof Value.NS y) return new Value.NS(union(x.values(), y.values()));
        if (current instanceof Value.BS x && addend instanceof Value.BS y) return new Value.BS(union(x.values(), y.values()));
        throw new DynamoException.Validation(WRONG_TYPE);
    }

    /** The set without the given members, or null when nothing is left (the attribute is then removed). */
    private static Value subtract(Value current, Value members) {
        Set<?> rest;
        if (current instanceof Value.SS x && members instanceof Value.SS y) rest = minus(x.values(), y.values());
        else if (current instanceof Value.NS x && members instanceof Value.NS y) rest = minus(x.values(), y.values());
        else if (current instanceof Value.BS x && members instanceof Value.BS y) rest = minus(x.values(), y.values());
        else throw new DynamoException.Validation(WRONG_TYPE);
        if (rest.isEmpty()) return null;
        @SuppressWarnings("unchecked") Value result = current instanceof Value.SS ? new Value.SS((Set<String>) rest)
                : current instanceof Value.NS ? new Value.NS((Set<BigDecimal>) rest) : new Value.BS((Set<Value.Bytes>) rest);
        return result;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static void put(Map<String, Value> item, Path path, Value value) {
        if (path.isTopLevel()) {
            item.put(path.top(), value);
            return;
        }
        Value top = item.get(path.top());
        if (top == null) throw new DynamoException.Validation(INVALID_PATH);
        item.put(path.top(), with(top, path.segments(), 1, value));
    }

    private static Value with(Value container, List<Object> segments, int i, Value value) {
        Object segment = segments.get(i);
        boolean last = i == segments.size() - 1;
        if (segment instanceof Integer index) {
            if (!(container instanceof Value.L list)) throw new DynamoException.Validation(INVALID_PATH);
            List<Value> values = new ArrayList<>(list.values());
            if (last) {
                if (index < values.size()) values.set(index, value);
                else values.add(value); // past the end: appended, as DynamoDB does
            } else {
                if (index >= values.size()) throw new DynamoException.Validation(INVALID_PATH);
                values.set(index, with(values.get(index), segments, i + 1, value));
            }
            return new Value.L(values);
        }
        if (!(container instanceof Value.M map)) throw new DynamoException.Validation(INVALID_PATH);
        Map<String, Value> values = new LinkedHashMap<>(map.values());
        if (last) {
            values.put((String) segment, value);
        } else {
            Value child = values.get(segment);
            if (child == null) throw new DynamoException.Validation(INVALID_PATH);
            values.put((String) segment, with(child, segments, i + 1, value));
        }
        return new Value.M(values);
    }

    private static void remove(Map<String, Value> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.top());
            return;
        }
        // a missing top-level attribute is simply not there to remove; a nested path needs its parent
        Value top = item.get(path.top());
        if (top == null) throw new DynamoException.Validation(INVALID_PATH);
        item.put(path.top(), without(top, path.segments(), 1));
    }

    /** The container without the path's target (unchanged when a last index or name is absent; its parents must exist). */
    private static Value without(Value container, List<Object> segments, int i) {
        Object segment = segments.get(i);
        boolean last = i == segments.size() - 1;
        if (segment instanceof Integer index) {
            if (!(container instanceof Value.L list)) throw new DynamoException.Validation(INVALID_PATH);
            if (index >= list.values().size()) {
                if (last) return container;
                throw new DynamoException.Validation(INVALID_PATH);
            }
            List<Value> values = new ArrayList<>(list.values());
            if (last) values.remove((int) index);
            else values.set(index, without(values.get(index), segments, i + 1));
            return new Value.L(values);
        }
        if (!(container instanceof Value.M map)) throw new DynamoException.Validation(INVALID_PATH);
        if (!map.values().containsKey(segment)) {
            if (last) return container;
            throw new DynamoException.Validation(INVALID_PATH);
        }
        Map<String, Value> values = new LinkedHashMap<>(map.values());
        if (last) values.remove(segment);
        else values.put((String) segment, without(values.get(segment), segments, i + 1));
        return new Value.M(values);
    }

    private static int lastIndex(Path path) {
        Object last = path.segments().get(path.segments().size() - 1);
        return last instanceof Integer i ? i : -1;
    }

    private static boolean isSet(Value v) {
        return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
    }

    private static String pathList(Path path) {
        return path.segments().toString();
    }

    /** DynamoDB spells operand types out in these messages. */
    static String typeName(Value v) {
        if (v == null) return "NULL";
        return switch (v.type()) {
            case "S" -> "STRING";
            case "N" -> "NUMBER";
            case "B" -> "BINARY";
            case "BOOL" -> "BOOLEAN";
            case "L" -> "LIST";
            case "M" -> "MAP";
            case "SS" -> "STRING SET";
            case "NS" -> "NUMBER SET";
            case "BS" -> "BINARY SET";
            default -> "NULL";
        };
    }
}
