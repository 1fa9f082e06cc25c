package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.*;
import dev.flywheel.dynamodb.model.Ordering;
import dev.flywheel.dynamodb.model.Value;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates condition and filter expressions against an item (null: no item). A comparison with a missing
 * attribute or with values of different types is false, except {@code <>}, which is true, as in DynamoDB.
 */
public final class Conditions {
    private static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS");

    private final ExpressionKind kind;

    public Conditions(ExpressionKind kind) { this.kind = kind; }

    public boolean test(Condition condition, Map<String, Value> item) {
        if (condition instanceof And and) return test(and.left(), item) && test(and.right(), item);
        if (condition instanceof Or or) return test(or.left(), item) || test(or.right(), item);
        if (condition instanceof Not not) return !test(not.condition(), item);
        if (condition instanceof Comparison c) return compare(c.operator(), value(c.left(), item), value(c.right(), item));
        if (condition instanceof Between b) return between(value(b.operand(), item), value(b.lower(), item), value(b.upper(), item));
        if (condition instanceof In in) {
            Value v = value(in.operand(), item);
            return v != null && in.candidates().stream().anyMatch(c -> v.equals(value(c, item)));
        }
        return function((Function) condition, item);
    }

    /** Every document path a condition reads. */
    public static java.util.List<Path> paths(Condition condition) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        collect(condition, out);
        return out;
    }

    private static void collect(Condition c, java.util.List<Path> out) {
        if (c instanceof And a) { collect(a.left(), out); collect(a.right(), out); }
        else if (c instanceof Or o) { collect(o.left(), out); collect(o.right(), out); }
        else if (c instanceof Not n) collect(n.condition(), out);
        else if (c instanceof Comparison x) { collect(x.left(), out); collect(x.right(), out); }
        else if (c instanceof Between b) { collect(b.operand(), out); collect(b.lower(), out); collect(b.upper(), out); }
        else if (c instanceof In in) { collect(in.operand(), out); in.candidates().forEach(o -> collect(o, out)); }
        else if (c instanceof Function f) { out.add(f.path()); if (f.argument() != null) collect(f.argument(), out); }
    }

    private static void collect(Operand o, java.util.List<Path> out) {
        if (o instanceof PathOperand p) out.add(p.path());
        else if (o instanceof Size s) out.add(s.path());
    }

    Value value(Operand operand, Map<String, Value> item) {
        if (operand instanceof Literal l) return l.value();
        if (operand instanceof PathOperand p) return Documents.get(item, p.path());
        if (operand instanceof Size s) return size(Documents.get(item, s.path()));
        throw new IllegalStateException("not a condition operand: " + operand);
    }

    static boolean compare(String operator, Value left, Value right) {
        if (operator.equals("=")) return left != null && left.equals(right);
        if (operator.equals("<>")) return left == null || !left.equals(right);
        if (!Ordering.comparable(left, right)) return false;
        int order = Ordering.compare(left, right);
        return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    private boolean between(Value v, Value lower, Value upper) {
        if (Ordering.comparable(lower, upper) && Ordering.compare(lower, upper) > 0) {
            throw ExpressionError.invalid(kind, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {"
                    + lower.type() + ":" + plain(lower) + "}, upper bound operand: AttributeValue: {" + upper.type() + ":" + plain(upper) + "}");
        }
        return Ordering.comparable(v, lower) && Ordering.comparable(v, upper)
                && Ordering.compare(v, lower) >= 0 && Ordering.compare(v, upper) <= 0;
    }

    private boolean function(Function f, Map<String, Value> item) {
        Value target = Documents.get(item, f.path());
        switch (f.name()) {
            case "attribute_exists": return target != null;
            case "attribute_not_exists": return target == null;
            case "attribute_type": {
                Value type = value(f.argument(), item);
                if (!(type instanceof Value.S s) || !TYPES.contains(s.value())) {
                    throw ExpressionError.invalid(kind, "Invalid attribute type name found; type: " + (type == null ? "null" : plain(type))
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                return target != null && target.type().equals(s.value());
            }
            case "begins_with": {
                Value prefix = value(f.argument(), item);
                if (target instanceof Value.S s && prefix instanceof Value.S p) return s.value().startsWith(p.value());
                if (target instanceof Value.B b && prefix instanceof Value.B p) {
                    return b.value().length >= p.value().length && Arrays.equals(b.value(), 0, p.value().length, p.value(), 0, p.value().length);
                }
                return false;
            }
            default: { // contains
                Value operand = value(f.argument(), item);
                if (target == null || operand == null) return false;
                if (target instanceof Value.S s && operand instanceof Value.S o) return s.value().contains(o.value());
                if (target instanceof Value.SS ss && operand instanceof Value.S o) return ss.values().contains(o.value());
                if (target instanceof Value.NS ns && operand instanceof Value.N o) return ns.values().contains(o.value());
                if (target instanceof Value.BS bs && operand instanceof Value.B o) return bs.values().contains(new Value.Bytes(o.value()));
                if (target instanceof Value.L l) return l.values().contains(operand);
                return false;
            }
        }
    }

    /** size(): characters of a string, bytes of a binary, members of a set, elements of a list or map. */
    private static Value size(Value v) {
        long n;
        if (v instanceof Value.S s) n = s.value().codePointCount(0, s.value().length());
        else if (v instanceof Value.B b) n = b.value().length;
        else if (v instanceof Value.SS s) n = s.values().size();
        else if (v instanceof Value.NS s) n = s.values().size();
        else if (v instanceof Value.BS s) n = s.values().size();
        else if (v instanceof Value.L l) n = l.values().size();
        else if (v instanceof Value.M m) n = m.values().size();
        else return null;
        return new Value.N(BigDecimal.valueOf(n));
    }

    private static String plain(Value v) {
        if (v instanceof Value.S s) return s.value();
        if (v instanceof Value.N n) return n.text();
        return v.toString();
    }
}
