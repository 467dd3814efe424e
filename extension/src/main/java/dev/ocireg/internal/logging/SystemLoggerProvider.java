package dev.ocireg.internal.logging;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Jetty's logging, sent to {@link System.Logger} (java.util.logging unless the application installs another
 * backend), so that an embedded registry never prints SLF4J's "no providers" warning and never needs a binding.
 *
 * <p>In the published jar SLF4J is relocated with Jetty, so this provider serves only ocireg's own Jetty; a user's
 * SLF4J is untouched. Jetty's {@code INFO} chatter (start and stop lines) is logged at {@code DEBUG}, its warnings
 * and errors as they are. Logger names are the (relocated) Jetty class names, all under {@code dev.ocireg}.
 */
public final class SystemLoggerProvider implements SLF4JServiceProvider {

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, JulLogger::new);

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    /** One SLF4J logger over one {@link System.Logger} of the same name. */
    static final class JulLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient System.Logger target;

        JulLogger(String name) {
            this.name = name;
            this.target = System.getLogger(name);
        }

        /** SLF4J's levels as ocireg reports them: Jetty's INFO is start-up chatter, so it becomes DEBUG. */
        static Level map(org.slf4j.event.Level level) {
            return switch (level) {
                case ERROR -> Level.ERROR;
                case WARN -> Level.WARNING;
                case INFO -> Level.DEBUG;
                case DEBUG, TRACE -> Level.TRACE;
            };
        }

        private boolean enabled(org.slf4j.event.Level level) {
            return target.isLoggable(map(level));
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(org.slf4j.event.Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(org.slf4j.event.Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(org.slf4j.event.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(org.slf4j.event.Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(org.slf4j.event.Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                org.slf4j.event.Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
            Level mapped = map(level);
            if (!target.isLoggable(mapped)) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            if (thrown == null) {
                target.log(mapped, message);
            } else {
                target.log(mapped, message, thrown);
            }
        }
    }
}
