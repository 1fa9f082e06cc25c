package dev.flywheel.topology;

/**
 * What an environment variable of a function stands for. The platform that deploys the topology
 * resolves it: a physical table name, a queue URL, a setting of the deployment, or a literal. Because
 * bindings name the resources a function touches, they are also what least-privilege grants read.
 */
public sealed interface Binding {

    /** A table of the topology and what the function may do with it. */
    record Table(String table, Access access) implements Binding {}

    /** The URL of a queue of the topology that the function sends to. */
    record QueueUrl(String queue) implements Binding {}

    /** A deployment setting (for example the payment provider's URL), resolved by the platform. */
    record Setting(String key) implements Binding {}

    /** A fixed value. */
    record Literal(String value) implements Binding {}

    enum Access { READ, READ_WRITE }

    static Binding readWrite(String table) { return new Table(table, Access.READ_WRITE); }
    static Binding read(String table) { return new Table(table, Access.READ); }
    static Binding queue(String queue) { return new QueueUrl(queue); }
    static Binding setting(String key) { return new Setting(key); }
    static Binding literal(String value) { return new Literal(value); }
}
