package dev.flywheel.dynamodb.api;

import dev.flywheel.dynamodb.expr.Ast.Condition;
import dev.flywheel.dynamodb.expr.Conditions;
import dev.flywheel.dynamodb.expr.ExpressionKind;
import dev.flywheel.dynamodb.model.ItemSize;
import dev.flywheel.dynamodb.model.Value;
import dev.flywheel.dynamodb.table.IndexDefinition;
import dev.flywheel.dynamodb.table.KeyTuple;
import dev.flywheel.dynamodb.table.Table;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One prepared write to one item: an optional condition on the item as it is, and the change to make
 * ({@code null} for a transaction's ConditionCheck). Runs under the item's lock, which the caller holds.
 */
final class Write {
    private static final Conditions CONDITIONS = new Conditions(ExpressionKind.CONDITION);

    final Table table;
    final KeyTuple key;
    private final Condition condition;
    private final UnaryOperator<Map<String, Value>> change;
    final boolean returnOldOnFailure;

    Map<String, Value> before;
    Map<String, Value> after;

    Write(Table table, KeyTuple key, Condition condition, UnaryOperator<Map<String, Value>> change, boolean returnOldOnFailure) {
        this.table = table;
        this.key = key;
        this.condition = condition;
        this.change = change;
        this.returnOldOnFailure = returnOldOnFailure;
    }

    /** Reads the item and tests the condition; false when the condition fails. */
    boolean read() {
        before = table.get(key);
        return condition == null || CONDITIONS.test(condition, before);
    }

    /** Computes the new item (validation errors throw before anything is written). */
    void prepare() {
        if (change == null) {
            after = before;
            return;
        }
        after = change.apply(before);
        if (after != null) table.check(after);
    }

    void commit() {
        if (change != null) table.write(key, before, after);
    }

    boolean changes() { return change != null; }

    /** Write units on the table and each index, for one write (doubled by the caller inside transactions). */
    void charge(Capacity capacity, double factor) {
        capacity.write(factor * Capacity.writeUnits(Math.max(ItemSize.of(before), ItemSize.of(after))));
        if (change == null) return;
        for (IndexDefinition index : table.definition().indexes()) {
            KeyTuple old = before == null ? null : table.indexKey(index, before, key);
            KeyTuple now = after == null ? null : table.indexKey(index, after, key);
            Map<String, Value> oldProjection = old == null ? null : index.project(before, table.key());
            Map<String, Value> newProjection = now == null ? null : index.project(after, table.key());
            double units = 0;
            if (old != null && now != null && old.equals(now)) {
                if (!oldProjection.equals(newProjection)) units = Capacity.writeUnits(Math.max(ItemSize.of(oldProjection), ItemSize.of(newProjection)));
            } else {
                if (old != null) units += Capacity.writeUnits(ItemSize.of(oldProjection));
                if (now != null) units += Capacity.writeUnits(ItemSize.of(newProjection));
            }
            capacity.index(index.name(), factor * units, false);
        }
    }
}
