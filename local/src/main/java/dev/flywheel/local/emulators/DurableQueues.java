package dev.flywheel.local.emulators;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.concurrent.Await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * ElasticMQ's own SQL persistence, wired as its server does it: every queue, message and message change goes to an
 * H2 database ({@code queues.mv.db}), and on start the persisted queues and messages are restored into the queue
 * manager, in-flight ones with their visibility deadline, so that they come back as SQS would bring them back.
 * H2 commits every change before ElasticMQ answers ({@code WRITE_DELAY=0}, not its default 500 ms), so that a
 * killed platform loses no message it acknowledged.
 */
final class DurableQueues implements AutoCloseable {
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final ActorSystem system;
    private final ActorRef store;
    private final ActorRef manager;

    private DurableQueues(ActorSystem system, ActorRef store, ActorRef manager) {
        this.system = system;
        this.store = store;
        this.manager = manager;
    }

    static DurableQueues open(Path data) {
        Path file = data.toAbsolutePath().resolve("queues");
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", "jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "", false);
        ActorSystem system = ActorSystem.create("elasticmq");
        ActorRef store = system.actorOf(Props.create(SqlQueuePersistenceActor.class,
                () -> new SqlQueuePersistenceActor(config, scala.collection.immutable.List$.MODULE$.empty())));
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))));
        return new DurableQueues(system, store, manager);
    }

    ActorSystem system() { return system; }

    ActorRef manager() { return manager; }

    /** Recreates the persisted queues and their messages; waits until it is done. */
    void restore() {
        try {
            Object result = Await.result(Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT.toMillis()),
                    scala.concurrent.duration.Duration.create(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            if (result instanceof scala.util.Left<?, ?> errors) throw new IllegalStateException("restoring the persisted queues failed: " + errors.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the persisted queues", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("restoring the persisted queues took over " + RESTORE_TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        try {
            Await.result(system.terminate(), scala.concurrent.duration.Duration.create(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ's actor system did not stop", e);
        }
    }
}
