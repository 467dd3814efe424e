package dev.ocireg.bench;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * {@link StartBench}'s baseline, run in a fresh JVM: a bare Jetty 12 hello world (default {@link Server}, one {@link
 * ServerConnector} on a free loopback port, one {@link Handler.Abstract} answering 200 {@code hello}), asked once by
 * {@link StartProbe} like the registry. StartBench also compiles this source against ocireg's relocated Jetty.
 */
public final class JettyHello {

    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Hello());
        server.start();
        StartProbe.answerAndExit(connector.getLocalPort(), main, args);
    }

    static final class Hello extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(200);
            Content.Sink.write(response, true, "hello", callback);
            return true;
        }
    }

    private JettyHello() {}
}
