package it.plain;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** RegistryServer and RegistryClient from a plain program: no JUnit, no opentest4j, nothing else on the class path. */
public final class PlainMain {

    public static void main(String[] args) {
        for (String absent : List.of(
                "org.junit.jupiter.api.Test",
                "org.opentest4j.AssertionFailedError",
                "org.eclipse.jetty.server.Server",
                "tools.jackson.databind.ObjectMapper",
                "com.google.common.collect.ImmutableList",
                "org.slf4j.Logger")) {
            if (isPresent(absent)) {
                throw new IllegalStateException(absent + " must not be on this class path");
            }
        }
        try (RegistryServer registry = RegistryServer.builder().build().start();
                RegistryClient client = RegistryClient.create(registry.url())) {
            byte[] config = "{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
            Digest image = client.pushImage("plain/app", "1.0", config, List.of(new byte[] {1, 2, 3}));
            Digest pulled = client.pullManifest("plain/app", "1.0").digest();
            if (!image.equals(pulled) || !client.tags("plain/app").equals(List.of("1.0"))) {
                throw new IllegalStateException("pushed " + image + " but pulled " + pulled);
            }
            System.out.println("plain Java: pushed and pulled " + image + " at " + registry.url());
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, PlainMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
