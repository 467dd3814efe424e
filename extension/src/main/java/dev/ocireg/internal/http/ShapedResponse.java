package dev.ocireg.internal.http;

import dev.ocireg.faults.Fault;
import dev.ocireg.journal.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The response as the handlers write it: keeps a small JSON body for the journal, and applies a body fault
 * (truncate, corrupt, throttle) when one hit the request.
 */
final class ShapedResponse extends Response.Wrapper {
    private final BodyCapture capture = new BodyCapture();
    private Boolean captureBody;
    private Fault fault;
    private long sent;
    private boolean corrupted;
    private boolean cut;

    ShapedResponse(Request request, Response wrapped) {
        super(request, wrapped);
    }

    void shape(Fault fault) {
        this.fault = fault;
    }

    String body() {
        return capture.text();
    }

    @Override
    public void write(boolean last, ByteBuffer buffer, Callback callback) {
        if (captureBody == null) {
            captureBody = BodyCapture.isJson(getHeaders().get("Content-Type"));
        }
        if (captureBody && buffer != null) {
            capture.add(buffer);
        }
        if (fault == null || buffer == null) {
            super.write(last, buffer, callback);
            return;
        }
        switch (fault.action()) {
            case CORRUPT -> {
                if (!corrupted && buffer.hasRemaining()) {
                    ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
                    copy.put(buffer.duplicate()).flip();
                    int middle = copy.limit() / 2;
                    copy.put(middle, (byte) (copy.get(middle) ^ 0x5A));
                    corrupted = true;
                    super.write(last, copy, callback);
                } else {
                    super.write(last, buffer, callback);
                }
            }
            case TRUNCATE -> truncate(last, buffer, callback);
            case THROTTLE -> throttle(last, buffer, callback);
            default -> super.write(last, buffer, callback);
        }
    }

    private void truncate(boolean last, ByteBuffer buffer, Callback callback) {
        if (cut) {
            callback.failed(new EofException("the body was cut off by fault " + fault.id()));
            return;
        }
        long allowed = fault.bytes() - sent;
        if (buffer.remaining() <= allowed) {
            sent += buffer.remaining();
            super.write(last, buffer, callback);
            return;
        }
        ByteBuffer head = buffer.duplicate();
        head.limit(head.position() + (int) Math.max(0, allowed));
        sent += head.remaining();
        cut = true;
        super.write(
                false,
                head,
                Callback.from(
                        () -> {
                            getRequest()
                                    .getConnectionMetaData()
                                    .getConnection()
                                    .getEndPoint()
                                    .close();
                            callback.failed(new EofException("the body was cut off by fault " + fault.id()));
                        },
                        callback::failed));
    }

    private void throttle(boolean last, ByteBuffer buffer, Callback callback) {
        long rate = fault.bytes();
        int slice = (int) Math.max(1, Math.min(64 * 1024, rate / 10));
        ByteBuffer rest = buffer.duplicate();
        try {
            while (rest.remaining() > slice) {
                ByteBuffer piece = rest.duplicate();
                piece.limit(piece.position() + slice);
                rest.position(rest.position() + slice);
                try (Blocker.Callback blocker = Blocker.callback()) {
                    super.write(false, piece, blocker);
                    blocker.block();
                }
                Thread.sleep(slice * 1000L / rate);
            }
            if (rest.hasRemaining()) {
                Thread.sleep(rest.remaining() * 1000L / rate);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return;
        } catch (Throwable t) {
            callback.failed(t);
            return;
        }
        super.write(last, rest, callback);
    }

    /** Keeps the first bytes of a body, as text, when it fits the journal's limit. */
    static final class BodyCapture {
        private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        static boolean isJson(String contentType) {
            return contentType != null
                    && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        }

        synchronized void add(ByteBuffer buffer) {
            if (bytes == null) {
                return;
            }
            if (bytes.size() + buffer.remaining() > RecordedRequest.MAX_BODY_BYTES) {
                bytes = null; // too large for the journal
                return;
            }
            ByteBuffer view = buffer.duplicate();
            byte[] chunk = new byte[view.remaining()];
            view.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }

        synchronized String text() {
            return bytes == null || bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
