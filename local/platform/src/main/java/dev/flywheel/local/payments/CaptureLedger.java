package dev.flywheel.local.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flywheel.local.payments.FakePaymentProvider.Capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake provider's record of what it answered, one JSON line per capture or decline, so that a platform
 * killed and started again on the same data still knows which orders it charged (a real provider keeps its
 * captures; the one-capture-per-confirmed-order check must hold across a crash). A line is written to the file
 * before the answer is sent, so a process that dies never loses an answered capture; the operating system
 * flushes it to the disk, as the engine's store does, so a power cut may. A line torn by a kill in the middle of
 * the write was never answered: it is cut off when the ledger is opened again.
 */
final class CaptureLedger implements AutoCloseable {
    private final FileChannel file;
    private final ObjectMapper json;
    private final List<Capture> recovered;

    private CaptureLedger(FileChannel file, ObjectMapper json, List<Capture> recovered) {
        this.file = file;
        this.json = json;
        this.recovered = recovered;
    }

    static CaptureLedger open(Path path, ObjectMapper json) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            byte[] bytes = Files.readAllBytes(path);
            List<Capture> captures = new ArrayList<>();
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] != '\n') continue;
                captures.add(parse(json, new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8), path));
                lineStart = i + 1;
            }
            file.truncate(lineStart); // a torn last line (no newline yet) was never answered
            file.position(lineStart);
            return new CaptureLedger(file, json, List.copyOf(captures));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the payment provider's ledger " + path, e);
        }
    }

    private static Capture parse(ObjectMapper json, String line, Path path) {
        try {
            return json.readValue(line, Capture.class);
        } catch (JsonProcessingException e) {
            // a complete line that does not parse is not a torn write: refuse to guess what was charged
            throw new IllegalStateException("the payment provider's ledger " + path + " has a corrupt line: " + line, e);
        }
    }

    /** What an earlier run recorded, in order. */
    List<Capture> recovered() { return recovered; }

    synchronized void append(Capture capture) {
        try {
            ByteBuffer line = ByteBuffer.wrap((json.writeValueAsString(capture) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) file.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the payment provider's ledger", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.force(true);
            file.close();
        } catch (IOException ignored) {
            // closing at shutdown: what was written is in the file already
        }
    }
}
