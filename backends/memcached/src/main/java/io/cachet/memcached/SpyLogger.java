package io.cachet.memcached;

import net.spy.memcached.compat.log.AbstractLogger;
import net.spy.memcached.compat.log.Level;

import java.lang.System.Logger;

/**
 * Routes spymemcached's logging to {@link System.Logger} ({@code io.cachet.memcached.spy.*}),
 * Cachet's logger, instead of spymemcached's own stderr logger.
 */
public final class SpyLogger extends AbstractLogger {
    private final Logger logger;

    public SpyLogger(String name) {
        super(name);
        this.logger = System.getLogger("io.cachet.memcached.spy." + name);
    }

    @Override
    public boolean isTraceEnabled() {
        return logger.isLoggable(Logger.Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return logger.isLoggable(Logger.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return logger.isLoggable(Logger.Level.INFO);
    }

    @Override
    public void log(Level level, Object message, Throwable error) {
        Logger.Level mapped = switch (level) {
            case TRACE -> Logger.Level.TRACE;
            case DEBUG -> Logger.Level.DEBUG;
            case INFO -> Logger.Level.INFO;
            case WARN -> Logger.Level.WARNING;
            case ERROR, FATAL -> Logger.Level.ERROR;
        };
        if (logger.isLoggable(mapped)) {
            logger.log(mapped, String.valueOf(message), error);
        }
    }
}
