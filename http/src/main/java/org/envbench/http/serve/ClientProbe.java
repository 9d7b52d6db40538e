package org.envbench.http.serve;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells whether the client of a request that is waiting for its run has closed the connection. Jetty does not read an
 * HTTP/1.1 connection while its request is being handled, so a client that gives up goes unnoticed until the answer
 * is written (a failure listener fires only then). The probe registers the connection's channel with a selector of its
 * own, for reading only: once the request has been read whole, the channel becomes readable only when the client has
 * closed or reset it. Nothing is read, so Jetty's parsing is untouched. A pipelined next request, or a client that
 * half-closes its side after sending (as {@code nc -N} does), looks the same; neither is what envbench's clients or
 * common ones do, and such a client gets its run stopped, never a wrong answer.
 */
final class ClientProbe implements AutoCloseable {

    private final EndPoint endPoint;
    private final Selector selector;

    private ClientProbe(EndPoint endPoint, Selector selector) {
        this.endPoint = endPoint;
        this.selector = selector;
    }

    /**
     * A probe for this request, or null where none can work: a request with a body (unread bytes would look like a
     * close) or a connection that is not a plain socket channel.
     */
    static ClientProbe of(HttpServletRequest request) {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            return null;
        }
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData()
                .getConnection().getEndPoint();
        if (!(endPoint.getTransport() instanceof SelectableChannel channel)) {
            return null;
        }
        Selector selector = null;
        try {
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new ClientProbe(endPoint, selector);
        } catch (IOException e) {
            // A channel closed meanwhile: the next check of the endpoint says so.
            closeQuietly(selector);
            return new ClientProbe(endPoint, null);
        }
    }

    /** Whether the client has closed or reset its connection. */
    boolean clientGone() {
        if (!endPoint.isOpen() || selector == null) {
            return true;
        }
        try {
            int ready = selector.selectNow();
            selector.selectedKeys().clear();
            return ready > 0;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(selector);
    }

    private static void closeQuietly(Selector selector) {
        if (selector == null) {
            return;
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
