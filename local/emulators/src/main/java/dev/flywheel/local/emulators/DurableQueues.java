package dev.flywheel.local.emulators;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.msg.CreateQueue;
import org.elasticmq.msg.RestoreMessages;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.DB;
import org.elasticmq.persistence.sql.MessageRepository;
import org.elasticmq.persistence.sql.QueueRepository;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.util.NowProvider;
import org.h2.mvstore.MVStore;
import scala.Option;
import scala.concurrent.Await;
import scala.jdk.javaapi.CollectionConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * ElasticMQ with its queues and messages kept in {@code sqs.mv.db} through {@link QueueJournal}: on start the
 * persisted queues and messages are restored into the queue manager, in-flight ones with their visibility
 * deadline, so that they come back as SQS would bring them back. Every message change is committed before
 * ElasticMQ answers it, so a killed platform loses no message it acknowledged.
 */
final class DurableQueues implements AutoCloseable {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);
    /** The file ElasticMQ's SQL persistence (H2) kept until 2026-12: read once into the journal, then renamed. */
    private static final String SQL_STORE = "queues";

    private final ActorSystem system;
    private final ActorRef manager;
    private final MVStore store;
    private final GroupCommit commits;

    private DurableQueues(ActorSystem system, ActorRef manager, MVStore store, GroupCommit commits) {
        this.system = system;
        this.manager = manager;
        this.store = store;
        this.commits = commits;
    }

    static DurableQueues open(Path data) {
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + data, e);
        }
        MVStore store = new MVStore.Builder().fileName(data.resolve("sqs.mv.db").toString()).autoCommitDisabled().open();
        store.setRetentionTime(GroupCommit.RETENTION_MILLIS);
        migrateFromSql(data.toAbsolutePath(), store);
        GroupCommit commits = new GroupCommit(store);
        ActorSystem system = ActorSystem.create("elasticmq");
        ActorRef journal = system.actorOf(Props.create(QueueJournal.class, () -> new QueueJournal(store, commits)));
        ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class,
                () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(journal))));
        return new DurableQueues(system, manager, store, commits);
    }

    ActorSystem system() { return system; }

    ActorRef manager() { return manager; }

    /** Recreates the persisted queues and their messages; waits until it is done. */
    void restore() {
        for (CreateQueueMetadata queue : QueueJournal.persistedQueues(store)) {
            Object created = ask(manager, new CreateQueue(queue.toCreateQueueData()));
            if (created instanceof scala.util.Left<?, ?> error) throw new IllegalStateException("restoring queue " + queue.name() + " failed: " + error.value());
            ActorRef queueActor = (ActorRef) ((scala.util.Right<?, ?>) created).value();
            ask(queueActor, new RestoreMessages(CollectionConverters.asScala(QueueJournal.persistedMessages(store, queue.name())).toList()));
        }
    }

    private static Object ask(ActorRef actor, Object message) {
        try {
            return Await.result(Patterns.ask(actor, message, ASK_TIMEOUT.toMillis()),
                    scala.concurrent.duration.Duration.create(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the persisted queues", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("restoring the persisted queues took over " + ASK_TIMEOUT, e);
        }
    }

    /** A data directory from before the journal: its queues and messages are copied over once, and its file kept aside. */
    private static void migrateFromSql(Path data, MVStore store) {
        Path old = data.resolve(SQL_STORE + ".mv.db");
        if (!Files.exists(old)) return;
        DB db = new DB(new SqlQueuePersistenceConfig(true, "org.h2.Driver", "jdbc:h2:file:" + data.resolve(SQL_STORE), "sa", "", false));
        try {
            for (CreateQueueMetadata queue : CollectionConverters.asJava(new QueueRepository(db).findAll())) {
                java.util.List<InternalMessage> messages = CollectionConverters.asJava(new MessageRepository(queue.name(), db).findAll());
                QueueJournal.put(store, queue, messages);
            }
            store.commit();
            store.sync();
        } finally {
            scalikejdbc.ConnectionPool$.MODULE$.closeAll();
        }
        try {
            Files.move(old, data.resolve(SQL_STORE + ".mv.db.migrated"));
        } catch (IOException e) {
            throw new UncheckedIOException("migrated " + old + " but could not move it aside", e);
        }
    }

    @Override
    public void close() {
        try {
            Await.result(system.terminate(), scala.concurrent.duration.Duration.create(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new IllegalStateException("ElasticMQ's actor system did not stop", e);
        } finally {
            commits.close();
            store.close();
        }
    }
}
