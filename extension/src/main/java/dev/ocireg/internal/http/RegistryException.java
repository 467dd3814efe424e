package dev.ocireg.internal.http;

import dev.ocireg.spec.OciErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one exception handlers throw: rendered as the spec's error body by {@link ErrorWriter}. */
public final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final OciErrorCode code;
    private final int status;
    private final transient Object detail;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<RegistryException> more = new ArrayList<>();

    public RegistryException(OciErrorCode code, String message) {
        this(code, code.status(), message, null);
    }

    public RegistryException(OciErrorCode code, int status, String message, Object detail) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    public static RegistryException of(OciErrorCode code, String message) {
        return new RegistryException(code, message);
    }

    public static RegistryException of(OciErrorCode code, int status, String message) {
        return new RegistryException(code, status, message, null);
    }

    /** Adds a response header sent with the error (for example {@code Range} after a 416). */
    public RegistryException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds a further error to the same response (the spec allows several, e.g. one per unknown blob). */
    public RegistryException and(RegistryException other) {
        more.add(other);
        return this;
    }

    /** This error followed by those added with {@link #and}. */
    public List<RegistryException> all() {
        List<RegistryException> all = new ArrayList<>();
        all.add(this);
        all.addAll(more);
        return all;
    }

    public OciErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
