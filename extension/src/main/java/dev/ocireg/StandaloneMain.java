package dev.ocireg;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/** The command line of the standalone registry: {@code java -jar ocireg-junit-VERSION-standalone.jar --help}. */
final class StandaloneMain {

    static final String USAGE = """
            Usage: java -jar ocireg-junit-VERSION-standalone.jar [options]

            Starts an OCI Distribution Spec v1.1 registry (in memory unless --storage is given).

              --port N                   port to listen on (default 5000; 0 picks a free one)
              --host ADDR                address to bind (default 127.0.0.1; 0.0.0.0 for all)
              --storage DIR              keep content in DIR on disk instead of in memory
              --max-manifest-bytes N     largest manifest accepted (default 4194304)
              --max-chunk-bytes N        largest body of one upload request (default unlimited)
              --no-blob-delete           refuse DELETE of blobs (405 UNSUPPORTED)
              --no-manifest-delete       refuse DELETE of manifests by digest
              --no-tag-delete            refuse DELETE of tags
              --read-only                refuse every write
              --sparse-indexes           accept indexes whose children are missing
              --no-mount-without-from    ?mount= needs &from= to mount
              --name-pattern REGEX       repository names must match REGEX (default: the spec's)
              --referrers-page-size N    descriptors per referrers page (default 1000)
              --preload REPO=PATH        load an OCI image layout (directory or .tar) into REPO at start;
                                         may be repeated
              --quiet                    do not log a line per request
              --help                     show this help
            """;

    static void run(String[] args) {
        if (System.getProperty("org.eclipse.jetty.LEVEL") == null) {
            System.setProperty("org.eclipse.jetty.LEVEL", "WARN"); // our own lines say what matters
        }
        RegistryServer server;
        try {
            server = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("ocireg: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        if (server == null) {
            return;
        }
        try {
            server.start();
        } catch (IllegalStateException e) {
            System.err.println("ocireg: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "ocireg-shutdown"));
        System.out.println("ocireg registry listening on " + server.url() + " (images: " + server.host()
                + "/NAME:TAG); press Ctrl-C to stop");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configured server, or null after {@code --help}. */
    static RegistryServer parse(String[] args, PrintStream out) {
        RegistryServer.Builder builder = RegistryServer.builder().port(5000);
        boolean quiet = false;
        String storage = "memory";
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            switch (arg) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--port" -> builder.port(intValue(arg, rest));
                case "--host" -> builder.host(value(arg, rest));
                case "--storage" -> {
                    storage = value(arg, rest);
                    builder.storageDirectory(Path.of(storage));
                }
                case "--max-manifest-bytes" -> builder.maxManifestBytes(longValue(arg, rest));
                case "--max-chunk-bytes" -> builder.maxChunkBytes(longValue(arg, rest));
                case "--no-blob-delete" -> builder.blobDeletion(false);
                case "--no-manifest-delete" -> builder.manifestDeletion(false);
                case "--no-tag-delete" -> builder.tagDeletion(false);
                case "--read-only" -> builder.readOnly(true);
                case "--sparse-indexes" -> builder.sparseIndexes(true);
                case "--no-mount-without-from" -> builder.mountWithoutFrom(false);
                case "--name-pattern" -> builder.repositoryNamePattern(value(arg, rest));
                case "--referrers-page-size" -> builder.referrersPageSize(intValue(arg, rest));
                case "--preload" -> {
                    String spec = value(arg, rest);
                    int eq = spec.indexOf('=');
                    if (eq <= 0 || eq == spec.length() - 1) {
                        throw new IllegalArgumentException("--preload needs REPO=PATH, not '" + spec + "'");
                    }
                    builder.preload(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
                }
                case "--quiet" -> quiet = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!quiet) {
            builder.requestLog(line -> {
                synchronized (out) {
                    out.println(line);
                }
            });
        }
        out.println("ocireg storage: " + storage);
        return builder.build();
    }

    private static String value(String option, Deque<String> rest) {
        String value = rest.poll();
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int intValue(String option, Deque<String> rest) {
        return (int) longValue(option, rest);
    }

    private static long longValue(String option, Deque<String> rest) {
        String value = value(option, rest);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'");
        }
    }

    private StandaloneMain() {}
}
