package dev.ocireg.bench;

import dev.ocireg.RegistryServer;

/** {@link StartBench}'s contender, run in a fresh JVM: the first registry, asked once by {@link StartProbe}. */
public final class FirstRegistry {

    public static void main(String[] args) {
        long main = System.nanoTime();
        RegistryServer registry = RegistryServer.builder().build().start();
        StartProbe.answerAndExit(registry.port(), main, args);
    }

    private FirstRegistry() {}
}
