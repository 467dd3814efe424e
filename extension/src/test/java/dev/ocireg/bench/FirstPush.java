package dev.ocireg.bench;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link StartBench}'s first push, run in a fresh JVM as a test would: start a registry, make a client, push a small
 * image (config, one 1 MiB layer, manifest). Prints {@code FIRSTPUSH <start> <client> <push>} in nanoseconds.
 */
public final class FirstPush {
    static final String PREFIX = "FIRSTPUSH";

    public static void main(String[] args) {
        byte[] layer = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < layer.length; i++) {
            layer[i] = (byte) random.nextInt(256);
        }
        long begin = System.nanoTime();
        try (RegistryServer registry = RegistryServer.builder().build().start()) {
            long started = System.nanoTime();
            try (RegistryClient client = RegistryClient.create(registry.url())) {
                long made = System.nanoTime();
                client.pushImage(
                        "app",
                        "1",
                        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8),
                        List.of(layer));
                long pushed = System.nanoTime();
                System.out.println(PREFIX + " " + (started - begin) + " " + (made - started) + " " + (pushed - made));
            }
        }
    }

    private FirstPush() {}
}
