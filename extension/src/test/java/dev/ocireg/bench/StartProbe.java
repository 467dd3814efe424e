package dev.ocireg.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client both of {@link StartBench}'s fresh JVMs use: one {@code GET /v2/} over a plain socket (the JDK's
 * {@code HttpClient} would load hundreds of classes of its own) read to its end, then one line for the parent and
 * exit.
 */
final class StartProbe {

    /** The line the parent looks for: {@code PREFIX launchToAnswerMs mainToAnswerNanos mainToStartedNanos classes}. */
    static final String PREFIX = "startbench";

    private static final byte[] GET =
            "GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Asks the server on {@code port}, prints the times and exits.
     *
     * @param main {@link System#nanoTime()} on entering {@code main}, before anything of the server was touched
     * @param args {@code args[0]}: {@link System#currentTimeMillis()} of the parent just before it launched this JVM
     */
    static void answerAndExit(int port, long main, String[] args) {
        long started = System.nanoTime();
        String status;
        try {
            status = statusLine(port);
        } catch (IOException e) {
            status = e.toString();
        }
        long answered = System.nanoTime();
        long wall = System.currentTimeMillis();
        if (!status.startsWith("HTTP/1.1 200")) {
            System.out.println("unexpected answer: " + status);
            System.exit(1);
        }
        long launched = Long.parseLong(args[0]);
        // Counted after the measurement: the management classes it loads are not part of it.
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(
                PREFIX + " " + (wall - launched) + " " + (answered - main) + " " + (started - main) + " " + classes);
        System.exit(0);
    }

    /**
     * The status line of a {@code GET /v2/} to the server on {@code port}, once the whole response is in: the request
     * asks the server to close the connection, and the probe reads until it has (a client that stops reading earlier
     * leaves the server still finishing the exchange, and a registry closed then pays for Jetty's wait on it).
     */
    static String statusLine(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(GET);
            byte[] response = socket.getInputStream().readAllBytes();
            int end = 0;
            while (end < response.length && response[end] != '\r' && response[end] != '\n') {
                end++;
            }
            return new String(response, 0, end, StandardCharsets.US_ASCII);
        }
    }

    private StartProbe() {}
}
