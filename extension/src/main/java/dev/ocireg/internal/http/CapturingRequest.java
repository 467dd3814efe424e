package dev.ocireg.internal.http;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** The request as the handlers read it: keeps a small JSON body (a manifest…) for the journal. */
final class CapturingRequest extends Request.Wrapper {
    private final ShapedResponse.BodyCapture capture;

    CapturingRequest(Request wrapped) {
        super(wrapped);
        long length = wrapped.getLength();
        boolean json = ShapedResponse.BodyCapture.isJson(wrapped.getHeaders().get("Content-Type"));
        this.capture = json && length <= dev.ocireg.journal.RecordedRequest.MAX_BODY_BYTES
                ? new ShapedResponse.BodyCapture()
                : null;
    }

    @Override
    public Content.Chunk read() {
        Content.Chunk chunk = super.read();
        if (capture != null && chunk != null && chunk.hasRemaining()) {
            capture.add(chunk.getByteBuffer());
        }
        return chunk;
    }

    String body() {
        return capture == null ? null : capture.text();
    }
}
