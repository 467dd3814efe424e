package dev.ocireg.client;

import dev.ocireg.spec.Descriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An image pulled by {@link RegistryClient#pullImage(String, String)}: the manifest, the config's bytes, and the layer
 * descriptors. Layers are not downloaded; fetch the ones you need with {@link RegistryClient#pullBlob}.
 *
 * <pre>{@code
 * PulledImage image = client.pullImage("app", "1.0");
 * String config = new String(image.config(), UTF_8);
 * for (Descriptor layer : image.layers()) {
 *     client.pullBlob("app", layer.digest(), dir.resolve(layer.digest().encoded()));
 * }
 * }</pre>
 *
 * @param manifest the image manifest, verified against its digest
 * @param configDescriptor the manifest's {@code config} descriptor
 * @param config the config blob's bytes, verified against {@code configDescriptor}
 * @param layers the manifest's {@code layers} descriptors, in order
 */
public record PulledImage(Manifest manifest, Descriptor configDescriptor, byte[] config, List<Descriptor> layers) {

    /** Copies {@code config} and {@code layers}. */
    public PulledImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(configDescriptor, "configDescriptor");
        config = Objects.requireNonNull(config, "config").clone();
        layers = List.copyOf(layers);
    }

    /** A copy of the config's bytes. */
    @Override
    public byte[] config() {
        return config.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PulledImage p
                && manifest.equals(p.manifest)
                && configDescriptor.equals(p.configDescriptor)
                && Arrays.equals(config, p.config)
                && layers.equals(p.layers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(manifest, configDescriptor, Arrays.hashCode(config), layers);
    }

    @Override
    public String toString() {
        return "PulledImage[" + manifest.digest() + ", config " + configDescriptor.digest() + ", " + layers.size()
                + " layers]";
    }
}
