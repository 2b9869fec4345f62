package org.centralita.server;

/** Root of the server module's exception family. */
public class ServerException extends RuntimeException {
    /** Creates an exception with a message. */
    public ServerException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
