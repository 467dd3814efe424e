package dev.ocireg;

import dev.ocireg.auth.AccessRules;
import dev.ocireg.auth.Credentials;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/** The command line of the standalone registry: {@code java -jar ocireg-junit-VERSION.jar --help}. */
final class StandaloneMain {

    static final String USAGE = """
            Usage: java -jar ocireg-junit-VERSION.jar [options]

            Starts an OCI Distribution Spec v1.1 registry (in memory unless --storage is given).

              --port N                   port to listen on (default 5000; 0 picks a free one)
              --bind ADDR                address to listen on (default 127.0.0.1; 0.0.0.0 for all)
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
              --user NAME:PASSWORD       a user (Basic, or at the token endpoint); the password may contain ':'
                                         or be a bcrypt hash; may be repeated. Turns authentication on
              --allow USER:PATTERN:ACTIONS  a right, e.g. bob:org/*:pull,push (USER * = every user, empty =
                                         anonymous; ACTIONS * = pull,push,delete); may be repeated. Without
                                         rights every user may do everything
              --anonymous-pull           callers without credentials may pull every repository
              --token-auth               Docker token flow (Bearer challenges, tokens from URL/token)
              --token-service NAME       service of challenges and audience of tokens (default ocireg)
              --tls                      HTTPS with a generated self-signed certificate (its PEM path is printed)
              --tls-cert FILE            HTTPS with this PEM certificate chain (with --tls-key)
              --tls-key FILE             the PEM PKCS#8 private key of --tls-cert
              --http-port N              with TLS, also serve plain HTTP on port N (0 picks one)
              --admin                    serve the admin API under /_ocireg/ (faults, journal, reset)
              --admin-token TOKEN        the admin API needs 'Authorization: Bearer TOKEN' (required with auth)
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
        for (String line : describe(server)) {
            System.out.println(line);
        }
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
        Path tlsCert = null;
        Path tlsKey = null;
        Deque<String> rest = new ArrayDeque<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            switch (arg) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--port" -> builder.port(intValue(arg, rest));
                case "--bind" -> builder.bindAddress(value(arg, rest));
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
                case "--user" -> {
                    Credentials user = Credentials.parse(value(arg, rest));
                    builder.user(user.username(), user.password());
                }
                case "--allow" -> builder.allow(AccessRules.parseRule(value(arg, rest)));
                case "--anonymous-pull" -> builder.anonymousPull(true);
                case "--token-auth" -> builder.tokenAuth(true);
                case "--token-service" -> builder.tokenService(value(arg, rest));
                case "--tls" -> builder.tls(true);
                case "--tls-cert" -> tlsCert = Path.of(value(arg, rest));
                case "--tls-key" -> tlsKey = Path.of(value(arg, rest));
                case "--http-port" -> builder.httpPort(intValue(arg, rest));
                case "--quiet" -> quiet = true;
                case "--admin" -> builder.adminApi(true);
                case "--admin-token" -> builder.adminToken(value(arg, rest));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (tlsCert != null) {
            builder.tlsPem(tlsCert, tlsKey);
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

    /** What a started server tells about its TLS and authentication before it says it listens. */
    static java.util.List<String> describe(RegistryServer server) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        if (server.isTls()) {
            Path pem = server.certificateFile();
            lines.add("ocireg TLS certificate: " + pem + " (trust it: skopeo --cert-dir " + pem.getParent()
                    + ", curl --cacert " + pem + ")");
            try {
                lines.add("ocireg plain HTTP too: " + server.httpUrl());
            } catch (IllegalStateException e) {
                // HTTPS only
            }
        }
        if (server.listensBeyondLoopback()) {
            try {
                lines.add("ocireg containers reach it at " + server.containerHost());
            } catch (IllegalStateException notOnTheBridge) {
                // bound to an address the bridge network does not lead to
            }
        }
        if (server.isTokenAuth()) {
            lines.add("ocireg authentication: tokens from " + server.url() + "/token");
        } else if (server.requiresAuthentication()) {
            lines.add("ocireg authentication: Basic");
        }
        if (server.hasAdminApi()) {
            lines.add("ocireg admin API: " + server.url() + "/_ocireg/ (faults, journal, reset)");
        }
        return lines;
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
