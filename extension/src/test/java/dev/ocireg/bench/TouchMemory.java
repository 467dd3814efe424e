package dev.ocireg.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What memory the process never touched costs on this machine, without a registry: 2 GiB of 1 MiB direct buffers
 * (as in-memory blob content takes them), allocated and kept, timed per 256 MiB. A push of a new 256 MiB blob pays
 * one such step; on a virtual machine whose host must back the pages again, some steps cost several times the others.
 * Run by {@link CompareBench} in a fresh JVM; prints {@code TOUCH <ms> <ms> …}.
 */
public final class TouchMemory {
    public static void main(String[] args) {
        List<ByteBuffer> kept = new ArrayList<>();
        StringBuilder line = new StringBuilder("TOUCH");
        for (int step = 0; step < 8; step++) {
            long started = System.nanoTime();
            for (int i = 0; i < 256; i++) {
                kept.add(ByteBuffer.allocateDirect(1 << 20));
            }
            line.append(' ').append((System.nanoTime() - started) / 1_000_000);
        }
        System.out.println(line);
    }

    private TouchMemory() {}
}
