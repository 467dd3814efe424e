package dev.ocireg.client;

import dev.ocireg.internal.content.ContentJson;
import dev.ocireg.internal.wire.Urls;
import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Manifests as {@link RegistryClient} pushes, pulls, heads and deletes them. Every manifest read is checked against
 * the digest asked for and against {@code Docker-Content-Digest}; every push against the digest the registry reports.
 */
final class Manifests {
    private final Transport transport;
    private final Endpoints endpoints;

    Manifests(Transport transport, Endpoints endpoints) {
        this.transport = transport;
        this.endpoints = endpoints;
    }

    /** Pushes under a tag or digest, plus {@code extraTags} ({@code ?tag=}, and one by one those not confirmed). */
    Digest push(String repository, String reference, String mediaType, byte[] content, String... extraTags) {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
        String ref = Endpoints.reference(reference);
        // By digest, the registry checks the content against it (DIGEST_INVALID when it does not match).
        Digest digest = ref.indexOf(':') > 0 ? Digest.parse(ref) : Digest.sha256(content);
        List<String> tagParams = new ArrayList<>();
        for (String tag : extraTags) {
            tagParams.add("tag=" + Endpoints.reference(tag));
        }
        URI uri = endpoints.manifest(repository, ref);
        if (!tagParams.isEmpty()) {
            uri = Urls.withQuery(uri, String.join("&", tagParams));
        }
        Set<String> confirmed = new HashSet<>();
        for (String value : put(uri, mediaType, content, digest).headers().allValues("OCI-Tag")) {
            for (String tag : value.split(",")) {
                confirmed.add(tag.trim());
            }
        }
        for (String tag : extraTags) {
            if (!confirmed.contains(tag) && !tag.equals(ref)) {
                put(endpoints.manifest(repository, tag), mediaType, content, digest);
            }
        }
        return digest;
    }

    private HttpResponse<InputStream> put(URI uri, String mediaType, byte[] content, Digest digest) {
        HttpResponse<InputStream> r = transport.expect(
                "PUT", uri, BodyPublishers.ofByteArray(content), Transport.CREATED, "Content-Type", mediaType);
        Responses.close(r);
        Responses.checkDigestHeader(r, digest);
        return r;
    }

    Manifest pull(String repository, String reference) {
        String ref = Endpoints.reference(reference);
        HttpResponse<InputStream> r = transport.expect(
                "GET",
                endpoints.manifest(repository, ref),
                null,
                Transport.OK,
                "Accept",
                RegistryClient.MANIFEST_ACCEPT);
        byte[] content = Responses.readAll(r);
        Digest digest = null;
        if (ref.indexOf(':') > 0) {
            digest = Digest.parse(ref);
            Responses.verify(r, digest, Digest.of(digest.algorithm(), content));
        }
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent()) {
            Digest claimed = Responses.parseDigestHeader(r, header.get());
            Responses.verify(r, claimed, Digest.of(claimed.algorithm(), content));
            if (digest == null) {
                digest = claimed;
            }
        }
        if (digest == null) {
            digest = Digest.sha256(content);
        }
        String mediaType = Responses.contentType(r);
        if (mediaType == null || mediaType.isEmpty() || mediaType.equals("application/json")) {
            try {
                String declared = ContentJson.text(ContentJson.readObject(content, "the manifest"), "mediaType");
                mediaType = declared != null ? declared : mediaType;
            } catch (IllegalArgumentException e) {
                // keep what the registry said
            }
        }
        return new Manifest(digest, mediaType == null ? Uploads.OCTET_STREAM : mediaType, content);
    }

    /** The descriptor from {@code HEAD} (from a {@code GET} when its headers are incomplete), or empty on 404. */
    Optional<Descriptor> head(String repository, String reference) {
        String ref = Endpoints.reference(reference);
        HttpResponse<InputStream> r = transport.send(
                "HEAD", endpoints.manifest(repository, ref), null, "Accept", RegistryClient.MANIFEST_ACCEPT);
        Responses.close(r);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw Responses.error(r);
        }
        Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
        OptionalLong length = r.headers().firstValueAsLong("Content-Length");
        String mediaType = Responses.contentType(r);
        if (header.isEmpty() || length.isEmpty() || mediaType == null) {
            return Optional.of(pull(repository, ref).descriptor());
        }
        return Optional.of(Descriptor.of(mediaType, Responses.parseDigestHeader(r, header.get()), length.getAsLong()));
    }

    void delete(String repository, String reference) {
        Responses.close(transport.expect("DELETE", endpoints.manifest(repository, reference), null, Transport.DELETED));
    }
}
