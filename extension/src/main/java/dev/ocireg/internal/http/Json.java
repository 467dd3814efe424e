package dev.ocireg.internal.http;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** The shared JSON mapper: strict about duplicate keys, so an ambiguous manifest is refused. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A descriptor as the image spec writes it: optional fields left out when empty. */
    public static java.util.Map<String, Object> descriptor(dev.ocireg.spec.Descriptor d) {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("mediaType", d.mediaType());
        map.put("digest", d.digest().toString());
        map.put("size", d.size());
        if (d.artifactType() != null) {
            map.put("artifactType", d.artifactType());
        }
        if (!d.annotations().isEmpty()) {
            map.put("annotations", d.annotations());
        }
        return map;
    }

    private Json() {}
}
