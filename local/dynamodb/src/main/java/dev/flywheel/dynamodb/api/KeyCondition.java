package dev.flywheel.dynamodb.api;

import dev.flywheel.dynamodb.expr.Ast.*;
import dev.flywheel.dynamodb.model.DynamoException;
import dev.flywheel.dynamodb.model.Ordering;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.table.KeySchema;
import dev.flywheel.dynamodb.table.KeyTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A KeyConditionExpression read as DynamoDB reads it: one equality on the partition key, and at most one
 * condition on the sort key ({@code = < <= > >=}, BETWEEN or begins_with), joined by AND. It becomes a range of
 * the ordered store plus, for begins_with, a test on each sort key.
 */
record KeyCondition(Value hash, KeyTuple from, KeyTuple to, Predicate<Value> rangeTest) {

    static KeyCondition of(Condition condition, KeySchema key) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        if (parts.size() > 2) throw invalid("Conditions can be of length 1 or 2 only");
        Value hash = null;
        Condition range = null;
        for (Condition part : parts) {
            if (part instanceof Comparison c && c.operator().equals("=") && attribute(c.left()).equals(key.hashName())) {
                if (hash != null) throw invalid("KeyConditionExpressions must only contain one condition per key");
                hash = literal(c.right(), key.hashType(), key.hashName());
            } else if (key.rangeName() != null && rangeAttribute(part).equals(key.rangeName())) {
                if (range != null) throw invalid("KeyConditionExpressions must only contain one condition per key");
                range = part;
            } else {
                String name = rangeAttribute(part);
                throw new DynamoException.Validation("Query condition missed key schema element: " + (hash == null ? key.hashName() : name));
            }
        }
        if (hash == null) throw new DynamoException.Validation("Query condition missed key schema element: " + key.hashName());
        if (range == null) return new KeyCondition(hash, KeyTuple.below(hash), KeyTuple.above(hash), v -> true);
        return ranged(hash, range, key);
    }

    private static KeyCondition ranged(Value hash, Condition range, KeySchema key) {
        String type = key.rangeType();
        String name = key.rangeName();
        if (range instanceof Between b) {
            Value lower = literal(b.lower(), type, name);
            Value upper = literal(b.upper(), type, name);
            if (Ordering.compare(lower, upper) > 0) {
                throw new DynamoException.Validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound");
            }
            return new KeyCondition(hash, KeyTuple.below(hash, lower), KeyTuple.above(hash, upper), v -> true);
        }
        if (range instanceof Function f && f.name().equals("begins_with")) {
            Value prefix = literal(f.argument(), type, name);
            if (prefix instanceof Value.N) throw invalid("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
            Predicate<Value> starts = v -> v instanceof Value.S s ? s.value().startsWith(((Value.S) prefix).value())
                    : java.util.Arrays.equals(((Value.B) v).value(), 0, Math.min(((Value.B) v).value().length, ((Value.B) prefix).value().length),
                            ((Value.B) prefix).value(), 0, ((Value.B) prefix).value().length);
            return new KeyCondition(hash, KeyTuple.below(hash, prefix), KeyTuple.above(hash), starts);
        }
        Comparison c = (Comparison) range;
        Value v = literal(c.right(), type, name);
        return switch (c.operator()) {
            case "=" -> new KeyCondition(hash, KeyTuple.below(hash, v), KeyTuple.above(hash, v), x -> true);
            case "<" -> new KeyCondition(hash, KeyTuple.below(hash), KeyTuple.below(hash, v), x -> true);
            case "<=" -> new KeyCondition(hash, KeyTuple.below(hash), KeyTuple.above(hash, v), x -> true);
            case ">" -> new KeyCondition(hash, KeyTuple.above(hash, v), KeyTuple.above(hash), x -> true);
            case ">=" -> new KeyCondition(hash, KeyTuple.below(hash, v), KeyTuple.above(hash), x -> true);
            default -> throw invalid("Unsupported operator on KeyConditionExpression: operator: " + c.operator());
        };
    }

    private static void flatten(Condition condition, List<Condition> parts) {
        if (condition instanceof And and) {
            flatten(and.left(), parts);
            flatten(and.right(), parts);
        } else if (condition instanceof Or || condition instanceof Not || condition instanceof In) {
            throw invalid("Invalid operator used in KeyConditionExpression: " + condition.getClass().getSimpleName().toUpperCase());
        } else {
            parts.add(condition);
        }
    }

    private static String rangeAttribute(Condition part) {
        if (part instanceof Comparison c) return attribute(c.left());
        if (part instanceof Between b) return attribute(b.operand());
        if (part instanceof Function f && f.name().equals("begins_with")) return pathName(f.path());
        throw invalid("Invalid condition in KeyConditionExpression: " + part.getClass().getSimpleName());
    }

    private static String attribute(Operand operand) {
        if (operand instanceof PathOperand p) return pathName(p.path());
        throw invalid("Invalid KeyConditionExpression: a key condition compares a key attribute with a value");
    }

    private static String pathName(Path path) {
        if (!path.isTopLevel()) throw invalid("Invalid KeyConditionExpression: key attributes are top-level: " + path);
        return path.top();
    }

    private static Value literal(Operand operand, String type, String name) {
        if (!(operand instanceof Literal l)) throw invalid("Invalid KeyConditionExpression: a key condition compares a key attribute with a value");
        if (!l.value().type().equals(type)) {
            throw new DynamoException.Validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
        return l.value();
    }

    private static DynamoException invalid(String message) {
        return new DynamoException.Validation(message.startsWith("Invalid KeyConditionExpression") ? message : "Query key condition not supported: " + message);
    }
}
