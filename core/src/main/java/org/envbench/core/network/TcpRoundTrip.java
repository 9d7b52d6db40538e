package org.envbench.core.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.envbench.core.AbstractKernel;
import org.envbench.core.KernelSpec;
import org.envbench.core.Operations;
import org.envbench.core.Resource;
import org.envbench.core.ScoreUnit;
import org.envbench.core.VerificationException;
import org.envbench.core.Workload;

/**
 * A small message there and back over loopback TCP: µs per round trip. The workload's thread writes a 64-byte
 * message to an echo thread over a connection on the loopback address (never another interface) and reads it
 * back: a {@code write(2)} and a {@code read(2)} on each side, blocking, with {@code TCP_NODELAY}, so the
 * network stack and two wake-ups are what is measured. Each message carries its sequence number and a seeded
 * pattern; a run hashes the sequence numbers and the last long of every echo, and verification compares the
 * hash with the one of the messages sent and the last echo with the last message, byte for byte.
 */
public final class TcpRoundTrip extends AbstractKernel {

    static final int MESSAGE_BYTES = 64;

    private static final KernelSpec SPEC = KernelSpec.of("tcp-round-trip", Resource.NETWORK,
                    ScoreUnit.MICROS_PER_OPERATION, "64-byte messages echoed over loopback TCP")
            .sizes(1, 2_000, 10_000_000)
            .memoryBytes(size -> 256 * 1024);

    public TcpRoundTrip() {
        super(SPEC);
    }

    @Override
    protected Workload build(long size) {
        try {
            return new Echoes(size);
        } catch (IOException e) {
            throw new UncheckedIOException("tcp-round-trip: cannot connect over loopback", e);
        }
    }

    /** The message of sequence number {@code sequence}: the number, then the seeded pattern. */
    static ByteBuffer message(long sequence, byte[] pattern) {
        ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES).put(pattern);
        return message.putLong(0, sequence).clear();
    }

    static long hash(long h, long sequence, long last) {
        h = (h ^ sequence) * 0xBF58476D1CE4E5B9L;
        return (h ^ last) * 0x94D049BB133111EBL;
    }

    static final class Echoes extends Operations {
        private final long roundTrips;
        private final byte[] pattern = new byte[MESSAGE_BYTES];
        private final SocketChannel client;
        private final SocketChannel server;
        private final Thread echo;
        private final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE_BYTES);
        final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE_BYTES);
        private volatile IOException echoFailure;
        private long next;
        private long firstOfLastRun;

        Echoes(long roundTrips) throws IOException {
            super("tcp-round-trip", roundTrips);
            this.roundTrips = roundTrips;
            new SplittableRandom(SEED).nextBytes(pattern);
            out.put(pattern).clear();
            try (ServerSocketChannel listener = ServerSocketChannel.open()) {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept();
                // on loopback anyone on this machine could connect first: talk only to our own client
                if (!accepted.getRemoteAddress().equals(client.getLocalAddress())) {
                    accepted.close();
                    client.close();
                    throw new IOException("another process connected to the echo port first, from "
                            + accepted.getRemoteAddress());
                }
                server = accepted;
            }
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            server.setOption(StandardSocketOptions.TCP_NODELAY, true);
            echo = new Thread(this::echo, "envbench-tcp-round-trip-echo");
            echo.setDaemon(true);
            echo.start();
        }

        /** Sends back every message it reads, until the connection closes. */
        private void echo() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(MESSAGE_BYTES);
            try {
                while (true) {
                    buffer.clear();
                    while (buffer.hasRemaining()) {
                        if (server.read(buffer) < 0) {
                            return;
                        }
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        server.write(buffer);
                    }
                }
            } catch (IOException e) {
                if (client.isOpen()) {
                    echoFailure = e;
                }
            }
        }

        @Override
        protected long operate() {
            SocketChannel client = this.client;
            ByteBuffer out = this.out;
            ByteBuffer in = this.in;
            long first = next;
            long h = 0;
            try {
                for (long i = 0; i < roundTrips; i++) {
                    long sequence = first + i;
                    out.clear();
                    out.putLong(0, sequence);
                    while (out.hasRemaining()) {
                        client.write(out);
                    }
                    in.clear();
                    while (in.hasRemaining()) {
                        if (client.read(in) < 0) {
                            throw new IOException("the echo thread closed the connection"
                                    + (echoFailure == null ? "" : ": " + echoFailure));
                        }
                    }
                    h = hash(h, in.getLong(0), in.getLong(MESSAGE_BYTES - Long.BYTES));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("tcp-round-trip: a round trip failed", e);
            }
            next = first + roundTrips;
            firstOfLastRun = first;
            return h;
        }

        @Override
        protected void check(long checksum) {
            long lastLong = message(0, pattern).getLong(MESSAGE_BYTES - Long.BYTES);
            long expected = 0;
            for (long i = 0; i < roundTrips; i++) {
                expected = hash(expected, firstOfLastRun + i, lastLong);
            }
            if (checksum != expected) {
                throw new VerificationException("tcp-round-trip: the " + roundTrips + " echoes hash to "
                        + Long.toHexString(checksum) + " but the messages sent hash to " + Long.toHexString(expected));
            }
            ByteBuffer sent = message(next - 1, pattern);
            ByteBuffer echoed = in.duplicate().clear();
            if (!sent.equals(echoed)) {
                throw new VerificationException("tcp-round-trip: the last echo differs from message " + (next - 1)
                        + " that was sent");
            }
        }

        @Override
        public void close() {
            try (SocketChannel closingClient = client; SocketChannel closingServer = server) {
                closingClient.shutdownOutput();
            } catch (IOException e) {
                throw new UncheckedIOException("tcp-round-trip: cannot close its connection", e);
            } finally {
                try {
                    echo.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
