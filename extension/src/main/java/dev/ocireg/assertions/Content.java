package dev.ocireg.assertions;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.journal.RecordedRequest;
import dev.ocireg.journal.RequestJournal;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.RepositoryName;
import dev.ocireg.storage.Storage;
import dev.ocireg.storage.Storage.StoredManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the assertions read: a storage, and the journal of the registry serving it when there is one (to explain a
 * missing tag or blob with the requests that touched it). Storage errors become {@link UncheckedIOException}s.
 */
final class Content {
    private static final int MAX_HISTORY = 10;

    private final Storage storage;
    private final RequestJournal journal;

    Content(Storage storage, RequestJournal journal) {
        this.storage = storage;
        this.journal = journal;
    }

    List<RepositoryName> repositories() {
        return io(storage::repositories);
    }

    boolean exists(RepositoryName repository) {
        return io(() -> storage.repositoryExists(repository));
    }

    List<String> tags(RepositoryName repository) {
        return io(() -> storage.tags(repository));
    }

    Optional<Digest> resolveTag(RepositoryName repository, String tag) {
        return io(() -> storage.resolveTag(repository, tag));
    }

    Optional<StoredManifest> manifest(RepositoryName repository, Digest digest) {
        return io(() -> storage.manifest(repository, digest));
    }

    OptionalLong blobSize(RepositoryName repository, Digest digest) {
        return io(() -> storage.blobSize(repository, digest));
    }

    Optional<byte[]> blob(RepositoryName repository, Digest digest) {
        return io(() -> {
            Optional<SeekableByteChannel> channel = storage.openBlob(repository, digest);
            if (channel.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = Channels.newInputStream(channel.get())) {
                return Optional.of(in.readAllBytes());
            }
        });
    }

    List<Descriptor> referrers(RepositoryName repository, Digest subject) {
        return io(() -> storage.referrers(repository, subject));
    }

    /** The tags with what they point at: {@code [1.0 -> sha256:…, latest -> sha256:…]}. */
    List<String> tagsWithDigests(RepositoryName repository) {
        List<String> out = new ArrayList<>();
        for (String tag : tags(repository)) {
            out.add(tag + " -> "
                    + resolveTag(repository, tag).map(Digest::toString).orElse("(gone)"));
        }
        return out;
    }

    /**
     * The requests that touched something, newest last, as a paragraph for a failure message: empty when there is no
     * journal or no such request.
     */
    String history(String what, Predicate<RecordedRequest> touched) {
        if (journal == null) {
            return "";
        }
        List<RecordedRequest> found = journal.requests(touched);
        if (found.isEmpty()) {
            return "";
        }
        List<RecordedRequest> shown = found.subList(Math.max(0, found.size() - MAX_HISTORY), found.size());
        return "\nrequests about " + what + (shown.size() < found.size() ? " (newest " + shown.size() + ")" : "") + ":"
                + Messages.lines(shown);
    }

    /** The JSON without insignificant whitespace, or null when it is not JSON. */
    static String compact(String json) {
        try {
            JsonNode tree = ContentJson.readTree(json.getBytes(StandardCharsets.UTF_8));
            return tree.isMissingNode() ? null : new String(ContentJson.write(tree), StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            return null;
        }
    }

    static RepositoryName repositoryName(String name) {
        return new RepositoryName(name);
    }

    private interface StorageCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(StorageCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the registry's storage failed", e);
        }
    }
}
