package dev.ocireg.internal.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ocireg.spec.Descriptor;
import dev.ocireg.spec.Digest;
import dev.ocireg.spec.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The one codec of descriptors, indexes and referrers lists: what it writes, what it reads, what it refuses. */
class ContentJsonTest {
    private static final byte[] CONTENT = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aDescriptorRoundTrips() {
        Descriptor d = new Descriptor(
                MediaTypes.OCI_MANIFEST, DIGEST, 5, "application/vnd.example.sbom.v1", Map.of("b", "2", "a", "1"));

        Descriptor back = ContentJson.readDescriptor(ContentJson.writeDescriptor(d), "the descriptor");

        assertThat(back).isEqualTo(d);
    }

    @Test
    void fieldsComeInTheImageSpecOrderWithAnnotationsSortedAndArtifactTypeLast() {
        Descriptor d = new Descriptor(
                MediaTypes.OCI_MANIFEST, DIGEST, 5, "application/vnd.example.sbom.v1", Map.of("z", "1", "a", "2"));

        assertThat(text(ContentJson.writeDescriptor(d)))
                .isEqualTo("{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + DIGEST
                        + "\",\"size\":5,\"annotations\":{\"a\":\"2\",\"z\":\"1\"},"
                        + "\"artifactType\":\"application/vnd.example.sbom.v1\"}");
    }

    @Test
    void emptyOptionalFieldsAreLeftOut() {
        assertThat(text(ContentJson.writeDescriptor(Descriptor.of(MediaTypes.OCI_EMPTY, DIGEST, 5))))
                .isEqualTo("{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + DIGEST + "\",\"size\":5}");
    }

    @Test
    void aReferrersListIsAnIndexOfTheSameDescriptors() {
        Descriptor signature = new Descriptor(MediaTypes.OCI_MANIFEST, DIGEST, 5, "application/example.sig", Map.of());

        byte[] json = ContentJson.write(ContentJson.index(List.of(signature)));

        assertThat(text(json))
                .startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[")
                .contains("\"size\":5,\"artifactType\":\"application/example.sig\"}");
        assertThat(ContentJson.readIndex(json, "the referrers")).containsExactly(signature);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"urls\":[\"https://example.com/x\"],\"mediaType\":\"application/octet-stream\",\"size\":5,"
                + "\"platform\":{\"os\":\"linux\"},\"digest\":\"" + DIGEST + "\",\"future\":{\"x\":[1,2]},"
                + "\"data\":\"" + Base64.getEncoder().encodeToString(CONTENT) + "\"}";

        Descriptor d = ContentJson.readDescriptor(bytes(json), "the descriptor");

        assertThat(d).isEqualTo(Descriptor.of("application/octet-stream", DIGEST, 5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                | {"mediaType":                                                   | the descriptor is not valid JSON
            not an object           | [1,2]                                                          | the descriptor must be a JSON object
            duplicate key           | {"mediaType":"a/b","mediaType":"c/d","digest":"DIGEST","size":5} | the descriptor is not valid JSON
            no mediaType            | {"digest":"DIGEST","size":5}                                   | the descriptor needs a mediaType
            mediaType no string     | {"mediaType":7,"digest":"DIGEST","size":5}                     | the descriptor.mediaType must be a string
            no digest               | {"mediaType":"a/b","size":5}                                   | the descriptor needs a digest
            malformed digest        | {"mediaType":"a/b","digest":"sha256:xyz","size":5}             | the descriptor.digest:
            no size                 | {"mediaType":"a/b","digest":"DIGEST"}                          | needs a size that is a non-negative integer
            negative size           | {"mediaType":"a/b","digest":"DIGEST","size":-1}                | needs a size that is a non-negative integer
            fractional size         | {"mediaType":"a/b","digest":"DIGEST","size":1.5}               | needs a size that is a non-negative integer
            size beyond 64 bits     | {"mediaType":"a/b","digest":"DIGEST","size":99999999999999999999} | needs a size that is a non-negative integer
            annotation no string    | {"mediaType":"a/b","digest":"DIGEST","size":5,"annotations":{"k":1}} | annotation k must be a string
            annotations no object   | {"mediaType":"a/b","digest":"DIGEST","size":5,"annotations":[]} | annotations must be an object of strings
            artifactType no string  | {"mediaType":"a/b","digest":"DIGEST","size":5,"artifactType":{}} | the descriptor.artifactType must be a string
            data not base64         | {"mediaType":"a/b","digest":"DIGEST","size":5,"data":"***"}     | the descriptor.data is not valid base64
            data of other content   | {"mediaType":"a/b","digest":"DIGEST","size":5,"data":"aGVsbG8h"} | does not match the descriptor's digest and size
            """)
    void malformedInputIsAnInvalidContentExceptionSayingWhere(String name, String json, String message) {
        byte[] input = bytes(json.replace("DIGEST", DIGEST.toString()));

        assertThatThrownBy(() -> ContentJson.readDescriptor(input, "the descriptor"))
                .as(name)
                .isInstanceOf(InvalidContentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anArrayElementIsNamedByItsIndex() {
        byte[] json = bytes("{\"manifests\":[{\"mediaType\":\"a/b\",\"digest\":\"" + DIGEST
                + "\",\"size\":5},{\"mediaType\":\"a/b\",\"size\":5}]}");

        assertThatThrownBy(() -> ContentJson.readIndex(json, "index.json"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("index.json manifests[1] needs a digest");
        assertThatThrownBy(() -> ContentJson.readIndex(bytes("{\"manifests\":{}}"), "index.json"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("index.json manifests must be an array");
    }

    @Test
    void lenientReadsNeverThrow() {
        assertThat(ContentJson.readTreeOrMissing(bytes("{oops")).isMissingNode())
                .isTrue();
        assertThat(ContentJson.digestOf(ContentJson.readTreeOrMissing(bytes("{\"digest\":\"md5:abc\"}"))))
                .isEmpty();
        assertThat(ContentJson.digestOf(ContentJson.readTreeOrMissing(bytes("{\"digest\":\"" + DIGEST + "\"}"))))
                .contains(DIGEST);
        assertThat(ContentJson.text(ContentJson.readTreeOrMissing(bytes("{\"token\":5}")), "token"))
                .isNull();
    }
    // ---------------------------------------------------------------- the codec (streaming, no ObjectMapper)

    @Test
    void treesKeepEveryKindOfValueAndWriteBackCompactly() {
        String json = "{\"s\":\"x\u00e9\\\"\",\"i\":7,\"l\":8589934592,\"big\":123456789012345678901234567890,"
                + "\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}}";

        JsonNode tree = ContentJson.readTree(bytes(json));

        assertThat(tree.get("i").isInt()).isTrue();
        assertThat(tree.get("l").isLong()).isTrue();
        assertThat(tree.get("big").isBigInteger()).isTrue();
        assertThat(tree.get("big").canConvertToLong()).isFalse();
        assertThat(tree.get("d").doubleValue()).isEqualTo(1.5);
        assertThat(tree.get("s").stringValue()).isEqualTo("x\u00e9\"");
        assertThat(tree.get("n").isNull()).isTrue();
        assertThat(text(ContentJson.write(tree))).isEqualTo(json);
    }

    @Test
    void readingRefusesDuplicateKeysTrailingContentAndMalformedInput() {
        assertThatThrownBy(() -> ContentJson.readTree(bytes("{\"a\":1,\"a\":2}")))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Duplicate Object property \"a\"");
        assertThatThrownBy(() -> ContentJson.readTree(bytes("{}{}")))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> ContentJson.readTree(bytes("{} x"))).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> ContentJson.readTree(bytes("{\"a\":"))).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> ContentJson.readTree(bytes("[".repeat(100_000))))
                .as("nesting is limited by the parser, not by the stack")
                .isInstanceOf(JacksonException.class);
        assertThat(ContentJson.readTree(bytes(" \n")).isMissingNode()).isTrue();
        assertThatThrownBy(() -> ContentJson.readObject(bytes("[1] "), "the thing"))
                .isInstanceOf(InvalidContentException.class)
                .hasMessage("the thing must be a JSON object");
    }

    @Test
    void plainJavaValuesAreWrittenAsJson() {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("list", List.of(1, 2L, "three"));
        value.put("optional", java.util.Optional.of(true));
        value.put("empty", java.util.Optional.empty());
        value.put("enum", java.time.DayOfWeek.MONDAY);
        value.put("float", 0.25f);

        assertThat(text(ContentJson.write(value)))
                .isEqualTo("{\"list\":[1,2,\"three\"],\"optional\":true,\"empty\":null,\"enum\":\"MONDAY\","
                        + "\"float\":0.25}");
        assertThatThrownBy(() -> ContentJson.write(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> ContentJson.write(java.nio.file.Path.of("/a/b")))
                .as("a Path is an Iterable of Paths, but no list")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(text(ContentJson.write(List.of(0.1f, 0.1d)))).isEqualTo("[0.1,0.1]");
    }

    @Test
    void nestingUpToTheParsersLimitReadsOnASmallStack() throws Exception {
        String deep = "[{\"a\":".repeat(240) + "1" + "}]".repeat(240);
        JsonNode[] read = new JsonNode[1];
        Throwable[] failed = new Throwable[1];
        Thread small = new Thread(
                null,
                () -> {
                    try {
                        read[0] = ContentJson.readTree(bytes(deep));
                    } catch (Throwable t) {
                        failed[0] = t;
                    }
                },
                "small-stack",
                64 * 1024);
        small.start();
        small.join();

        assertThat(failed[0]).isNull();
        JsonNode node = read[0];
        for (int i = 0; i < 240; i++) {
            node = node.get(0).get("a");
        }
        assertThat(node.intValue()).isEqualTo(1);
        assertThat(text(ContentJson.write(read[0]))).isEqualTo(deep);
    }

    @Test
    void toJavaGivesMapsListsAndTheNarrowestNumber() {
        Object plain = ContentJson.toJava(ContentJson.readTree(bytes("{\"a\":[1,8589934592,1.5,\"s\",null,true]}")));

        assertThat(plain).isEqualTo(Map.of("a", java.util.Arrays.asList(1, 8589934592L, 1.5, "s", null, true)));
    }
}
