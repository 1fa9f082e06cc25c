package dev.flywheel.local.emulators;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.CreateQueueMetadata;
import org.elasticmq.persistence.sql.DBMessage;
import org.elasticmq.persistence.sql.DBQueue;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import scala.Option;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ElasticMQ's queue-event listener (the protocol its SQL persistence implements): every queue and every message
 * change goes to an MVStore file, and a message change is acknowledged to ElasticMQ, which answers the client only
 * then, after the {@link GroupCommit} that holds it. A message is two entries: its body, written once
 * ({@code body/<queue>}), and its delivery state, rewritten on every receive ({@code state/<queue>}), so that a
 * receive does not rewrite the body. ElasticMQ's own row form ({@link DBMessage}, {@link DBQueue}) is the
 * record, so restoring builds its messages and queues exactly as its SQL persistence does.
 */
final class QueueJournal extends AbstractActor {
    private static final byte FORMAT = 1;
    /** Reads of a message caught mid-change before giving up: each waits 1 ms for the change to finish. */
    static final int ROW_ATTEMPTS = 50;

    private final MVStore store;
    private final GroupCommit commits;
    private final MVMap<String, byte[]> queues;
    /** Each queue's open maps: opening by name on every event would look the map up in the store's metadata. */
    private final Map<String, MVMap<String, byte[]>> openStates = new HashMap<>();
    private final Map<String, MVMap<String, byte[]>> openBodies = new HashMap<>();

    QueueJournal(MVStore store, GroupCommit commits) {
        this.store = store;
        this.commits = commits;
        this.queues = queues(store);
    }

    static MVMap<String, byte[]> queues(MVStore store) { return store.openMap("queues"); }

    static MVMap<String, byte[]> states(MVStore store, String queue) { return store.openMap("state/" + queue); }

    static MVMap<String, byte[]> bodies(MVStore store, String queue) { return store.openMap("body/" + queue); }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(QueueEvent.QueueCreated.class, e -> saveQueue(e.queue()))
                .match(QueueEvent.QueueMetadataUpdated.class, e -> saveQueue(e.queue()))
                .match(QueueEvent.QueueDeleted.class, e -> {
                    queues.remove(e.queueName());
                    openStates.remove(e.queueName());
                    openBodies.remove(e.queueName());
                    store.removeMap("state/" + e.queueName());
                    store.removeMap("body/" + e.queueName());
                    commits.afterCommit(() -> {});
                })
                .match(QueueEvent.MessageAdded.class, e -> {
                    DBMessage row = row(e.message());
                    // the body first: a crash between the two leaves a body without a state, which restore drops
                    bodies(e.queueName()).put(row.messageId(), row.content());
                    states(e.queueName()).put(row.messageId(), state(row));
                    acknowledgeAfterCommit(sender());
                })
                .match(QueueEvent.MessageUpdated.class, e -> {
                    DBMessage row = row(e.message());
                    states(e.queueName()).put(row.messageId(), state(row));
                    acknowledgeAfterCommit(sender());
                })
                .match(QueueEvent.MessageRemoved.class, e -> {
                    states(e.queueName()).remove(e.messageId());
                    bodies(e.queueName()).remove(e.messageId());
                    acknowledgeAfterCommit(sender());
                })
                .build();
    }

    /**
     * The row of a message that may be changing while it is read. ElasticMQ hands its listener the queue's own
     * mutable message and goes on serving receives while this actor writes it: a receive appends a delivery receipt
     * by growing the buffer's size before it fills the new slot, so a read at that moment meets a null receipt
     * (which the row's JSON refuses: the actor failed, the change was never acknowledged and the client's request
     * hung). Seen once in a spike. Such a read is taken again a moment later; whatever state it then holds, the
     * receive that raced it sends its own update next, so the newest state is the one written in the end.
     */
    static DBMessage row(InternalMessage message) {
        for (int attempt = 1; ; attempt++) {
            try {
                return DBMessage.from(message);
            } catch (IllegalArgumentException | IndexOutOfBoundsException | java.util.ConcurrentModificationException e) {
                if (attempt == ROW_ATTEMPTS) throw e;
                // the receive that is half done runs on another thread, which may have been preempted: give it the CPU
                try {
                    Thread.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private MVMap<String, byte[]> states(String queue) { return openStates.computeIfAbsent(queue, q -> states(store, q)); }

    private MVMap<String, byte[]> bodies(String queue) { return openBodies.computeIfAbsent(queue, q -> bodies(store, q)); }

    private void saveQueue(org.elasticmq.QueueData queue) {
        DBQueue row = DBQueue.from(CreateQueueMetadata.from(queue));
        queues.put(row.name(), row.data());
        commits.afterCommit(() -> {});
    }

    private void acknowledgeAfterCommit(ActorRef queueActor) {
        ActorRef self = self();
        commits.afterCommit(() -> queueActor.tell(OperationSuccessful$.MODULE$, self));
    }

    /** Every persisted queue, dead-letter queues first (a redrive policy names a queue that must exist). */
    static List<CreateQueueMetadata> persistedQueues(MVStore store) {
        List<CreateQueueMetadata> all = new ArrayList<>();
        queues(store).forEach((name, data) -> all.add(new DBQueue(name, data).toCreateQueue()));
        all.sort((a, b) -> Boolean.compare(a.deadLettersQueue().isDefined(), b.deadLettersQueue().isDefined()));
        return all;
    }

    /** A queue's persisted messages; a body left without its state by a crash is dropped. */
    static List<InternalMessage> persistedMessages(MVStore store, String queue) {
        MVMap<String, byte[]> states = states(store, queue);
        MVMap<String, byte[]> bodies = bodies(store, queue);
        Map<String, InternalMessage> messages = new LinkedHashMap<>();
        states.forEach((id, state) -> {
            byte[] body = bodies.get(id);
            if (body != null) messages.put(id, message(id, state, body).toInternalMessage());
        });
        for (String id : new ArrayList<>(bodies.keySet())) if (!messages.containsKey(id)) bodies.remove(id);
        return new ArrayList<>(messages.values());
    }

    /** Writes one queue and its messages (a migration from another store). */
    static void put(MVStore store, CreateQueueMetadata queue, List<InternalMessage> messages) {
        DBQueue row = DBQueue.from(queue);
        queues(store).put(row.name(), row.data());
        for (InternalMessage m : messages) {
            DBMessage message = DBMessage.from(m);
            bodies(store, row.name()).put(message.messageId(), message.content());
            states(store, row.name()).put(message.messageId(), state(message));
        }
    }

    private static byte[] state(DBMessage m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            bytes(out, m.deliveryReceipts());
            out.writeLong(m.nextDelivery());
            bytes(out, m.attributes());
            out.writeLong(m.created());
            Option<Object> received = m.received();
            out.writeBoolean(received.isDefined());
            if (received.isDefined()) out.writeLong((Long) received.get());
            out.writeInt(m.receiveCount());
            for (Option<String> s : List.of(m.groupId(), m.deduplicationId(), m.tracingId(), m.sequenceNumber(), m.deadLetterSourceQueueName())) {
                out.writeBoolean(s.isDefined());
                if (s.isDefined()) out.writeUTF(s.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static DBMessage message(String id, byte[] state, byte[] body) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            byte format = in.readByte();
            if (format != FORMAT) throw new IllegalStateException("message " + id + " was written in an unknown format " + format);
            byte[] receipts = bytes(in);
            long nextDelivery = in.readLong();
            byte[] attributes = bytes(in);
            long created = in.readLong();
            Option<Object> received = in.readBoolean() ? Option.apply((Object) in.readLong()) : Option.empty();
            int receiveCount = in.readInt();
            List<Option<String>> strings = new ArrayList<>();
            for (int i = 0; i < 5; i++) strings.add(in.readBoolean() ? Option.apply(in.readUTF()) : Option.empty());
            return new DBMessage(id, receipts, nextDelivery, body, attributes, created, received, receiveCount,
                    strings.get(0), strings.get(1), strings.get(2), strings.get(3), strings.get(4));
        } catch (IOException e) {
            throw new UncheckedIOException("message " + id + " cannot be read", e);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }
}
