package it.modular;

import dev.ocireg.RegistryServer;
import dev.ocireg.client.RegistryClient;
import dev.ocireg.spec.Digest;
import java.nio.charset.StandardCharsets;

/** Runs as the named module it.modular, reading ocireg as the module dev.ocireg. */
public final class ModularMain {

    public static void main(String[] args) {
        Module ocireg = RegistryServer.class.getModule();
        if (!ModularMain.class.getModule().isNamed() || !"dev.ocireg".equals(ocireg.getName())) {
            throw new IllegalStateException("not on the module path: " + ocireg);
        }
        try (RegistryServer registry = RegistryServer.builder().build().start();
                RegistryClient client = RegistryClient.create(registry.url())) {
            Digest blob = client.pushBlob("modular/app", "from a module".getBytes(StandardCharsets.UTF_8)).digest();
            String back = new String(client.pullBlob("modular/app", blob), StandardCharsets.UTF_8);
            if (!back.equals("from a module")) {
                throw new IllegalStateException("pulled " + back);
            }
            System.out.println("module " + ocireg.getName() + ": pushed and pulled " + blob);
        }
    }
}
