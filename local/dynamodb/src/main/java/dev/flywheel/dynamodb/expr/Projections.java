package dev.flywheel.dynamodb.expr;

import dev.flywheel.dynamodb.expr.Ast.Path;
import dev.flywheel.dynamodb.model.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the part of an item a ProjectionExpression asks for. Nested paths keep their shape: {@code a.b[1]}
 * answers {@code {a: {b: [that element]}}}, and missing paths are simply left out.
 */
public final class Projections {
    private Projections() {}

    public static Map<String, Value> project(Map<String, Value> item, List<Path> paths) {
        Node root = new Node();
        for (Path path : paths) {
            Value v = Documents.get(item, path);
            if (v == null) continue;
            Node node = root;
            for (Object segment : path.segments()) node = node.child(segment);
            node.leaf = v;
        }
        Map<String, Value> out = new LinkedHashMap<>();
        root.names.forEach((name, child) -> out.put(name, child.value()));
        return out;
    }

    private static final class Node {
        final Map<String, Node> names = new LinkedHashMap<>();
        final TreeMap<Integer, Node> indexes = new TreeMap<>();
        Value leaf;

        Node child(Object segment) {
            return segment instanceof Integer i ? indexes.computeIfAbsent(i, k -> new Node()) : names.computeIfAbsent((String) segment, k -> new Node());
        }

        Value value() {
            if (leaf != null) return leaf;
            if (!indexes.isEmpty()) {
                List<Value> values = new ArrayList<>();
                indexes.values().forEach(n -> values.add(n.value()));
                return new Value.L(values);
            }
            Map<String, Value> values = new LinkedHashMap<>();
            names.forEach((name, n) -> values.put(name, n.value()));
            return new Value.M(values);
        }
    }
}
